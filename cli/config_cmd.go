package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

func newConfigCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check, locate or create switchrole's configuration",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:     "check",
			Short:   "Validate the configuration and summarise what it defines",
			Example: "  switchrole config check\n  switchrole --config ./team.toml config check",
			Args:    cobra.NoArgs,
			RunE: run(func(*cobra.Command, []string) error {
				cfg, err := g.loadConfig()
				if err != nil {
					return err
				}
				if err := writeConfigSummary(streams, cfg); err != nil {
					return err
				}
				missing := checkKeyring(streams, cfg)
				return problemsError(append(cfg.Problems, missing...))
			}),
		},
		&cobra.Command{
			Use:   "path",
			Short: "Print the files switchrole reads, and whether each exists",
			Args:  cobra.NoArgs,
			RunE: run(func(*cobra.Command, []string) error {
				awsConfig, awsCreds, file := config.Paths(config.Options{File: g.configFile})
				for _, p := range []struct{ label, path string }{
					{"switchrole config", file}, {"AWS config", awsConfig}, {"AWS credentials", awsCreds},
				} {
					state := "missing"
					if _, err := os.Stat(p.path); err == nil {
						state = "exists"
					}
					fmt.Fprintf(streams.Out, "%-18s %s (%s)\n", p.label+":", p.path, state)
				}
				return nil
			}),
		},
		&cobra.Command{
			Use:   "init",
			Short: "Write a commented starter config (never overwrites)",
			Args:  cobra.NoArgs,
			RunE: run(func(*cobra.Command, []string) error {
				_, _, file := config.Paths(config.Options{File: g.configFile})
				if err := writeNewFile(file, config.StarterFile()); err != nil {
					return err
				}
				fmt.Fprintf(streams.ErrOut, "wrote %s; edit it, then run `switchrole config check`\n", file)
				return nil
			}),
		},
	)
	return cmd
}

// writeNewFile creates path with data, refusing to replace an existing file.
func writeNewFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return usageErrorf("%s already exists; switchrole never overwrites it (remove it or pass --config NEW_PATH)", path)
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeConfigSummary(streams *IOStreams, cfg *config.Config) error {
	var roles, sources, ssoRoles, broken int
	accounts, devices := map[string]bool{}, map[string]bool{}
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		switch {
		case t.Kind == config.KindRole:
			roles++
		case t.IsSSO():
			ssoRoles++
		default:
			sources++
		}
		if t.AccountID != "" {
			accounts[t.AccountID] = true
		}
		if t.MFASerial != "" {
			devices[t.MFASerial] = true
		}
		if t.Problem != nil {
			broken++
		}
	}
	w := streams.Out
	if len(cfg.Files) == 0 {
		fmt.Fprintln(w, "no configuration files found (run `switchrole config init`, or add role profiles to ~/.aws/config)")
	}
	for _, f := range cfg.Files {
		fmt.Fprintf(w, "read %s\n", f)
	}
	status := "ok: "
	if len(cfg.Problems) > 0 {
		status = english.Count(len(cfg.Problems), "problem") + " (below); "
	}
	kinds := english.Count(roles, "role") + ", " + english.Count(sources, "source")
	if ssoRoles > 0 {
		kinds += ", " + english.Count(ssoRoles, "SSO role")
	}
	_, err := fmt.Fprintf(w, "%s%s (%s) in %s, %s", status,
		english.Count(len(cfg.Targets), "target"), kinds, english.Count(len(accounts), "account"), english.Count(len(devices), "MFA device"))
	if err == nil && broken > 0 {
		_, err = fmt.Fprintf(w, "; %s cannot be used", english.Count(broken, "target"))
	}
	if err == nil {
		_, err = fmt.Fprintln(w)
	}
	for _, ss := range cfg.SSO.Sessions {
		if err != nil {
			break
		}
		listed := "not listed yet (`switchrole sso login " + ss.Name + "` and `switchrole sso sync " + ss.Name + "` list its roles)"
		if !ss.Listed.IsZero() {
			listed = "roles listed " + ss.Listed.Local().Format("2006-01-02 15:04")
		}
		_, err = fmt.Fprintf(w, "SSO session %s (%s, %s): %s\n", ss.Name, ss.StartURL, ss.Origin, listed)
	}
	return err
}

// problemsError is every problem of the configuration as one error (exit
// code 2), a line each; nil when there are none.
func problemsError(problems []*config.Error) error {
	if len(problems) == 0 {
		return nil
	}
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}
