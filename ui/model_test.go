package ui

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/switchrole/switchrole/ui/state"
)

func TestEnterRetrievesThenReturnsResult(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "state.json")
	d, be := newDriver(t, Options{StatePath: statePath})
	d.typeText("staging")
	d.key("enter")
	if !strings.Contains(d.view(), "Assuming Developer in staging…") {
		t.Errorf("no progress line while retrieving:\n%s", d.view())
	}
	d.pump("the program to end", finished)
	res, err := d.m.Result()
	if err != nil {
		t.Fatal(err)
	}
	if res.Target.Name != "staging/Developer" || res.Action != ActionShell || res.Command != nil {
		t.Errorf("result = %+v", res)
	}
	if r, _, _, _, _ := be.snapshot(); !slices.Equal(r, []string{"staging/Developer"}) {
		t.Errorf("retrieved %v before returning", r)
	}
	s, err := state.Load(statePath, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Frecency("staging/Developer") <= 0 {
		t.Error("the use was not recorded for the recents order")
	}
}

func TestMFAScreenFlow(t *testing.T) {
	d, be := newDriver(t, Options{})
	d.typeText("prod-core/adm")
	d.key("enter")
	d.pump("the MFA screen", onScreen(screenMFA))
	v := d.view()
	for _, want := range []string{"MFA code for prod-core/Admin (session for jump)", mfaSerial, "code _ _ _  _ _ _"} {
		if !strings.Contains(v, want) {
			t.Errorf("MFA screen lacks %q:\n%s", want, v)
		}
	}
	d.typeText("11111") // five digits: nothing sent yet
	d.settle()
	if _, _, _, _, codes := be.snapshot(); len(codes) != 0 {
		t.Fatalf("code sent before the sixth digit: %v", codes)
	}
	d.typeText("1") // wrong code, refused by AWS
	d.pump("the second attempt", func(d *driver) bool {
		return d.m.screen == screenMFA && strings.Contains(d.view(), "Attempt 2 of 3")
	})
	if v := d.view(); !strings.Contains(v, "AWS refused the last code: MultiFactorAuthentication failed") {
		t.Errorf("rejection not shown:\n%s", v)
	}
	d.send(tea.PasteMsg{Content: " 123 456\n"})
	d.pump("the program to end", finished)
	res, err := d.m.Result()
	if err != nil || res.Target.Name != "prod-core/Admin" {
		t.Fatalf("result %+v, %v", res, err)
	}
	if _, _, _, _, codes := be.snapshot(); !slices.Equal(codes, []string{"111111", "123456"}) {
		t.Errorf("codes sent: %v", codes)
	}
}

func TestMFAEscCancelsAndListStaysUsable(t *testing.T) {
	d, be := newDriver(t, Options{})
	d.typeText("prod-core/adm")
	d.key("enter")
	d.pump("the MFA screen", onScreen(screenMFA))
	d.key("esc")
	d.pump("the operation to end", idle)
	if d.quit {
		t.Fatal("esc on the MFA screen quit the picker")
	}
	if d.m.screen != screenList || !strings.Contains(d.view(), "Cancelled.") {
		t.Errorf("after esc: screen %v\n%s", d.m.screen, d.view())
	}
	if r, _, _, _, _ := be.snapshot(); len(r) != 0 {
		t.Errorf("credentials retrieved after cancel: %v", r)
	}
	d.key("ctrl+u")
	d.typeText("staging")
	if got, _ := d.m.picker.Selected(); got == nil || got.Name != "staging/Developer" {
		t.Errorf("list not usable after cancel: selected %v", got)
	}
}

func TestEscCancelsRunningRetrieve(t *testing.T) {
	d, _ := newDriver(t, Options{})
	d.typeText("prod-core/adm")
	d.key("enter")
	d.pump("the MFA screen", onScreen(screenMFA))
	// While the retrieve waits, the list ignores typing...
	d.m.screen = screenList
	d.typeText("zzz")
	if d.m.picker.Query() != "prod-core/adm" {
		t.Errorf("typing changed the filter during a leaving action: %q", d.m.picker.Query())
	}
	// ...and esc cancels the work instead of quitting.
	d.key("esc")
	d.pump("the operation to end", idle)
	if d.quit {
		t.Error("esc during a retrieve quit the picker")
	}
}

func TestBackendErrorIsOneSentence(t *testing.T) {
	be := newFakeBackend()
	be.failWith = errors.New("assume arn:aws:iam::444444444444:role/Developer: AccessDenied: not authorized\nto perform sts:AssumeRole")
	d, _ := newDriver(t, Options{Backend: be})
	d.typeText("staging")
	d.key("enter")
	d.pump("the failure", idle)
	want := "Could not get credentials for staging/Developer: assume arn:aws:iam::444444444444:role/Developer: AccessDenied: not authorized to perform sts:AssumeRole."
	if d.m.status != want || !d.m.statusIsErr {
		t.Errorf("status = %q (error %v)\nwant %q", d.m.status, d.m.statusIsErr, want)
	}
	if d.quit || d.m.screen != screenList {
		t.Error("the picker did not stay open after an error")
	}
	d.key("down")
	if d.m.leaving != 0 {
		t.Error("still frozen after the failure")
	}
}

func TestTabMenu(t *testing.T) {
	d, _ := newDriver(t, Options{})
	d.typeText("staging")
	d.key("tab")
	if d.m.screen != screenMenu {
		t.Fatalf("tab opened screen %v", d.m.screen)
	}
	v := d.view()
	for _, a := range menuOrder {
		if !strings.Contains(v, describe(a)) {
			t.Errorf("menu lacks %q:\n%s", describe(a), v)
		}
	}
	d.key("tab") // closes
	d.pump("the list", onScreen(screenList))
	d.key("tab")
	d.key("down")
	d.key("down") // shell, exec, export
	d.key("enter")
	d.pump("the program to end", finished)
	if res, _ := d.m.Result(); res.Action != ActionExport || res.Target.Name != "staging/Developer" {
		t.Errorf("result %+v, want export of staging/Developer", res)
	}
}

func TestExportKey(t *testing.T) {
	d, _ := newDriver(t, Options{})
	d.typeText("sandbox")
	d.key("ctrl+e")
	d.pump("the program to end", finished)
	if res, _ := d.m.Result(); res.Action != ActionExport || res.Target.Name != "sandbox/Admin" {
		t.Errorf("result %+v", res)
	}
}

func TestDefaultActionOption(t *testing.T) {
	d, _ := newDriver(t, Options{DefaultAction: ActionExport})
	d.typeText("sandbox")
	d.key("enter")
	d.pump("the program to end", finished)
	if res, _ := d.m.Result(); res.Action != ActionExport {
		t.Errorf("enter with DefaultAction export gave %v", res.Action)
	}
	if items := d.m.menu.Items(); items[0].Action != ActionExport || items[0].Binding.Help().Key != "enter" {
		t.Errorf("menu does not lead with the default action: %+v", items[0])
	}
}

func TestExecAsksForCommand(t *testing.T) {
	d, _ := newDriver(t, Options{Shell: "/bin/zsh"})
	d.typeText("sandbox")
	d.key("ctrl+x")
	if d.m.screen != screenCommand || !strings.Contains(d.view(), "Run a command as sandbox/Admin") {
		t.Fatalf("ctrl+x did not ask for a command:\n%s", d.view())
	}
	d.key("enter")
	if !strings.Contains(d.m.status, "Type a command") {
		t.Errorf("empty command accepted; status %q", d.m.status)
	}
	d.typeText("aws s3 ls | head")
	d.key("enter")
	d.pump("the program to end", finished)
	res, err := d.m.Result()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/bin/zsh", "-c", "aws s3 ls | head"}; res.Action != ActionExec || !slices.Equal(res.Command, want) {
		t.Errorf("result %+v, want exec %q", res, want)
	}
}

func TestExecEscGoesBack(t *testing.T) {
	d, _ := newDriver(t, Options{})
	d.key("ctrl+x")
	d.typeText("ls")
	d.key("esc")
	if d.quit || d.m.screen != screenList {
		t.Errorf("esc in the command prompt: quit %v screen %v", d.quit, d.m.screen)
	}
}

func TestConsoleStaysInPicker(t *testing.T) {
	d, be := newDriver(t, Options{})
	for _, q := range []string{"staging", "sandbox"} {
		d.key("ctrl+u")
		d.typeText(q)
		d.key("ctrl+o")
		d.pump("the console", idle)
	}
	if d.quit {
		t.Fatal("opening the console left the picker")
	}
	if _, c, _, _, _ := be.snapshot(); !slices.Equal(c, []string{"staging/Developer", "sandbox/Admin"}) {
		t.Errorf("consoles opened: %v", c)
	}
	if d.m.status != "Opened the console for sandbox/Admin." {
		t.Errorf("status %q", d.m.status)
	}
}

func TestConsoleAsksForMFA(t *testing.T) {
	d, be := newDriver(t, Options{})
	d.typeText("prod-data")
	d.key("ctrl+o")
	d.pump("the MFA screen", onScreen(screenMFA))
	d.typeText("123456")
	d.pump("the console", idle)
	if _, c, _, _, _ := be.snapshot(); !slices.Equal(c, []string{"prod-data/Admin"}) {
		t.Errorf("consoles opened: %v", c)
	}
	if d.quit {
		t.Error("console left the picker")
	}
}

func TestCopyLinkSetsClipboard(t *testing.T) {
	d, _ := newDriver(t, Options{})
	d.typeText("staging")
	d.key("ctrl+y")
	d.pump("the link", idle)
	d.settle()
	want := "https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=Developer"
	found := false
	for _, m := range d.seen {
		if v := reflect.ValueOf(m); v.Kind() == reflect.String && strings.Contains(reflect.TypeOf(m).Name(), "Clipboard") && v.String() == want {
			found = true
		}
	}
	if !found {
		t.Errorf("no clipboard message with %q", want)
	}
	if d.m.status != "Sent the switch-role link for staging/Developer to the terminal's clipboard." {
		t.Errorf("status %q", d.m.status)
	}
}

func TestOpenLinkAndClearSession(t *testing.T) {
	d, be := newDriver(t, Options{})
	be.left["staging/Developer"] = 40 * time.Minute
	d.typeText("staging")
	if !strings.Contains(d.view(), "40m") {
		t.Errorf("time left not shown:\n%s", d.view())
	}
	d.key("alt+y")
	d.pump("the link", idle)
	d.key("alt+c")
	d.pump("the clear", idle)
	_, _, cleared, opened, _ := be.snapshot()
	if len(opened) != 1 || !strings.Contains(opened[0], "444444444444") {
		t.Errorf("opened %v", opened)
	}
	if !slices.Equal(cleared, []string{"staging/Developer"}) {
		t.Errorf("cleared %v", cleared)
	}
	if d.m.status != "Cleared the cached session of staging/Developer." || strings.Contains(d.view(), "40m") {
		t.Errorf("after clear: status %q\n%s", d.m.status, d.view())
	}
}

func TestFavouriteTogglePersists(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "state.json")
	d, _ := newDriver(t, Options{StatePath: statePath})
	d.typeText("sandbox")
	d.key("ctrl+f")
	d.pump("the save", func(d *driver) bool { return strings.Contains(d.m.status, "favourites") })
	if d.m.status != "Added sandbox/Admin to favourites." {
		t.Errorf("status %q", d.m.status)
	}
	d.key("ctrl+u")
	if got, _ := d.m.picker.Selected(); got.Name != "sandbox/Admin" {
		t.Errorf("favourite not first in the list: %s", got.Name)
	}
	// A new picker (a later switchrole run) sees it.
	d2, _ := newDriver(t, Options{StatePath: statePath})
	if got, _ := d2.m.picker.Selected(); got.Name != "sandbox/Admin" {
		t.Errorf("favourite not kept across runs: first is %s", got.Name)
	}
	if !strings.Contains(d2.view(), "★ sandbox/Admin") {
		t.Errorf("favourite mark missing:\n%s", d2.view())
	}
	d2.key("ctrl+f")
	d2.pump("the save", func(d *driver) bool { return strings.Contains(d.m.status, "favourites") })
	if d2.m.status != "Removed sandbox/Admin from favourites." {
		t.Errorf("status %q", d2.m.status)
	}
}

func TestCorruptStateIsReportedNotFatal(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "state.json")
	if err := writeFile(statePath, "{nope"); err != nil {
		t.Fatal(err)
	}
	d, _ := newDriver(t, Options{StatePath: statePath})
	if !d.m.statusIsErr || !strings.Contains(d.m.status, statePath) {
		t.Errorf("status %q does not mention the ignored file", d.m.status)
	}
	if d.m.picker.Len() != len(testTargets()) {
		t.Error("targets missing")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"esc", "ctrl+c"} {
		d, _ := newDriver(t, Options{})
		d.typeText("prod")
		d.key(k)
		d.pump("quit", finished)
		if _, err := d.m.Result(); err != ErrCancelled {
			t.Errorf("%s: err %v, want ErrCancelled", k, err)
		}
	}
	// ctrl+c also leaves from a dialog.
	d, _ := newDriver(t, Options{})
	d.key("tab")
	d.key("ctrl+c")
	d.pump("quit", finished)
	if _, err := d.m.Result(); err != ErrCancelled {
		t.Errorf("ctrl+c in the menu: %v", err)
	}
}

func TestHelpToggle(t *testing.T) {
	d, _ := newDriver(t, Options{})
	if strings.Contains(d.view(), "copy switch link") {
		t.Fatal("full help shown from the start")
	}
	d.typeText("?")
	if !d.m.help.ShowAll || !strings.Contains(d.view(), "copy switch link") || d.m.picker.Query() != "" {
		t.Errorf("? did not show the full help:\n%s", d.view())
	}
	d.typeText("?")
	if d.m.help.ShowAll {
		t.Error("second ? did not hide it")
	}
	d.typeText("a?")
	if d.m.picker.Query() != "a?" {
		t.Errorf("? after text is not typed: %q", d.m.picker.Query())
	}
}

func TestBackgroundColourRestyles(t *testing.T) {
	d, _ := newDriver(t, Options{})
	dark := d.m.render()
	d.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")})
	if d.m.theme.IsDark {
		t.Fatal("a white background kept the dark theme")
	}
	if d.m.render() == dark {
		t.Error("the light theme draws like the dark one")
	}
}

func TestBannerAndIdentity(t *testing.T) {
	n := 0
	banner := func() string { n++; return "DEMO — MFA code: " + []string{"111111", "222222"}[min(n-1, 1)] }
	d, _ := newDriver(t, Options{Banner: banner, Identity: "jump: arn:aws:iam::111111111111:user/alice"})
	v := d.view()
	if !strings.Contains(v, "DEMO — MFA code: 111111") || !strings.Contains(v, "jump: arn:aws:iam::111111111111:user/alice") {
		t.Errorf("header:\n%s", v)
	}
	d.m, _ = func() (Model, tea.Cmd) { m, c := d.m.Update(refreshMsg{}); return m.(Model), c }()
	if !strings.Contains(d.view(), "DEMO — MFA code: 222222") {
		t.Errorf("banner not refreshed:\n%s", d.view())
	}
	if d.m.Init() == nil {
		t.Error("Init starts nothing")
	}
}

func TestHeaderCounts(t *testing.T) {
	d, _ := newDriver(t, Options{})
	if !strings.Contains(d.view(), "switchrole  6 targets") {
		t.Errorf("header:\n%s", d.view())
	}
	d.typeText("prod")
	if !strings.Contains(d.view(), "3 of 6 targets") {
		t.Errorf("filtered header:\n%s", d.view())
	}
}

func TestMFAProcessShowsSpinner(t *testing.T) {
	be := newFakeBackend()
	be.process = "op item get aws --otp"
	d, _ := newDriver(t, Options{Backend: be})
	d.typeText("prod-core/adm")
	d.key("enter")
	d.pump("the mfa_process screen", func(d *driver) bool {
		return strings.Contains(d.view(), "Getting a code from op item get aws --otp…")
	})
	d.pump("the program to end", finished)
	if res, err := d.m.Result(); err != nil || res.Target.Name != "prod-core/Admin" {
		t.Errorf("result %+v %v", res, err)
	}
}

func TestMFAPromptsQueue(t *testing.T) {
	d, _ := newDriver(t, Options{})
	targets := testTargets()
	opA, _ := d.m.newOp(ActionConsole, targets[1], nil)
	opB, _ := d.m.newOp(ActionConsole, targets[3], nil)
	replyA, replyB := make(chan mfaReply, 1), make(chan mfaReply, 1)
	d.send(mfaPromptMsg{id: opA.id, req: MFARequest{Serial: mfaSerial, Target: targets[1].Name, Attempt: 1}, reply: replyA})
	d.send(mfaPromptMsg{id: opB.id, req: MFARequest{Serial: mfaSerial, Target: targets[3].Name, Attempt: 1}, reply: replyB})
	if !strings.Contains(d.view(), "MFA code for "+targets[1].Name) {
		t.Fatalf("first prompt not shown:\n%s", d.view())
	}
	d.typeText("12") // typed digits survive the second prompt's arrival
	d.typeText("3456")
	d.pump("the second prompt", func(d *driver) bool { return strings.Contains(d.view(), "MFA code for "+targets[3].Name) })
	if r := <-replyA; r.code != "123456" || r.err != nil {
		t.Errorf("first reply %+v", r)
	}
	d.key("esc")
	d.pump("the list", onScreen(screenList))
	if r := <-replyB; !errors.Is(r.err, errMFACancelled) {
		t.Errorf("second reply %+v, want a cancellation", r)
	}
}

// TestEnterNamesTheCallersAction: a picker opened by `exec` (enter runs the
// command given to exec) says so in the footer, the filter's placeholder and
// the menu, offers no other action that leaves the picker, and hands the
// target back with ActionChoose.
func TestEnterNamesTheCallersAction(t *testing.T) {
	d, _ := newDriver(t, Options{DefaultAction: ActionChoose, EnterHelp: "run aws s3 ls"})
	if v := d.view(); !strings.Contains(v, "enter run aws s3 ls") || strings.Contains(v, "open a shell") {
		t.Errorf("footer and placeholder do not name the command:\n%s", v)
	}
	d.typeText("sandbox")
	d.key("tab")
	v := d.view()
	if !strings.Contains(v, "> enter   run aws s3 ls") {
		t.Errorf("menu does not lead with the command:\n%s", v)
	}
	for _, a := range []Action{ActionShell, ActionExec, ActionExport} {
		if strings.Contains(v, describe(a)) {
			t.Errorf("menu offers %q, which the command would not do:\n%s", describe(a), v)
		}
	}
	d.key("tab")
	d.pump("the list", onScreen(screenList))
	d.key("ctrl+e") // export is off: nothing happens
	if d.quit || len(d.m.ops) != 0 {
		t.Fatal("ctrl+e left a picker opened for another command")
	}
	d.key("enter")
	d.pump("the program to end", finished)
	if res, _ := d.m.Result(); res.Action != ActionChoose || res.Target.Name != "sandbox/Admin" {
		t.Errorf("result %+v, want sandbox/Admin chosen", res)
	}
}

// TestMenuOffersUnfavouriteAndDropsStaleStatus: on a favourite the menu
// offers to unmark it, and the last outcome (about another target) is not
// left under the menu.
func TestMenuOffersUnfavouriteAndDropsStaleStatus(t *testing.T) {
	d, _ := newDriver(t, Options{})
	d.typeText("sandbox")
	d.key("ctrl+f")
	d.pump("the favourite saved", func(d *driver) bool { return strings.Contains(d.view(), "Added sandbox/Admin to favourites.") })
	d.key("tab")
	v := d.view()
	if !strings.Contains(v, "unfavourite") {
		t.Errorf("the menu of a favourite does not offer to unmark it:\n%s", v)
	}
	if strings.Contains(v, "Added sandbox/Admin") {
		t.Errorf("the last outcome stays under the menu:\n%s", v)
	}
	d.key("esc")
	d.pump("the list", onScreen(screenList))
	for range len("sandbox") {
		d.key("backspace")
	}
	d.typeText("staging")
	d.key("tab")
	if v := d.view(); strings.Contains(v, "unfavourite") {
		t.Errorf("the menu of a target that is no favourite offers to unmark it:\n%s", v)
	}
}

// TestLongErrorsAreWrappedWhole: an error longer than the window is wrapped
// at word boundaries over several lines, so every word of it can be read,
// and the list gives up the rows it needs.
func TestLongErrorsAreWrappedWhole(t *testing.T) {
	be := newFakeBackend()
	be.failWith = errors.New("assume arn:aws:iam::444444444444:role/Developer: AccessDenied: User arn:aws:iam::111111111111:user/alice is not authorized to perform sts:AssumeRole on resource arn:aws:iam::444444444444:role/Developer")
	d, _ := newDriver(t, Options{Backend: be})
	d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.typeText("staging")
	d.key("enter")
	d.pump("the failure", idle)
	v := d.view()
	lines := strings.Split(v, "\n")
	if len(lines) != 20 {
		t.Errorf("the view has %d lines, want the window's 20:\n%s", len(lines), v)
	}
	var shown []string
	for _, l := range lines {
		if len(l) > 0 && strings.Contains(d.m.status, strings.TrimSpace(l)) && strings.TrimSpace(l) != "" {
			shown = append(shown, strings.TrimSpace(l))
		}
	}
	if got := strings.Join(shown, " "); got != d.m.status {
		t.Errorf("the error is not shown whole:\n got %q\nwant %q\n%s", got, d.m.status, v)
	}
	if !strings.Contains(v, "> ") || !strings.Contains(v, "staging/Developer") {
		t.Errorf("the selected row is gone:\n%s", v)
	}
}

// TestConsoleWithoutABrowser: with no browser to open, the console key
// assumes nothing and says why; pressed again it signs in and keeps the
// URL for the CLI to print when the picker ends, however it ends.
func TestConsoleWithoutABrowser(t *testing.T) {
	be := newFakeBackend()
	be.noBrowser = errors.New("can't open a browser: there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)")
	d, _ := newDriver(t, Options{Backend: be})
	d.typeText("prod-data") // needs an MFA code
	d.key("ctrl+o")
	d.pump("the answer", idle)
	if r, c, _, _, _ := be.snapshot(); len(r)+len(c) != 0 || d.m.screen == screenMFA {
		t.Fatalf("signed in (%v %v) before finding there is no browser", r, c)
	}
	want := "Can't open a browser: there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset). Press ctrl+o again to get the sign-in URL for prod-data/Admin, printed when you leave."
	if d.m.status != want {
		t.Errorf("status %q\nwant %q", d.m.status, want)
	}
	d.key("ctrl+o")
	d.pump("the MFA screen", onScreen(screenMFA))
	d.typeText("123456")
	d.pump("the sign-in", idle)
	if d.m.status != "The sign-in URL for prod-data/Admin is printed when you leave (valid 15 minutes)." {
		t.Errorf("status %q", d.m.status)
	}
	d.key("esc")
	d.pump("the program to end", finished)
	res, err := d.m.Result()
	if err != ErrCancelled || len(res.SigninURLs) != 1 || res.SigninURLs[0].Target != "prod-data/Admin" || !strings.HasPrefix(res.SigninURLs[0].Why, "can't open a browser: there is no graphical display") ||
		!strings.Contains(res.SigninURLs[0].URL, "SigninToken=TOKEN-prod-data/Admin") {
		t.Errorf("result %+v, %v: want the sign-in URL to print", res, err)
	}
	if _, _, _, opened, _ := be.snapshot(); len(opened) != 0 {
		t.Errorf("tried to open %v", opened)
	}
}

// TestConsoleCommandWithoutABrowserEndsWithTheURL: opened by `switchrole
// console`, the second enter gets the URL and ends the picker.
func TestConsoleCommandWithoutABrowserEndsWithTheURL(t *testing.T) {
	be := newFakeBackend()
	be.noBrowser = errors.New("can't open a browser: this is an SSH session with no display forwarded")
	d, _ := newDriver(t, Options{Backend: be, DefaultAction: ActionConsole})
	d.typeText("sandbox")
	d.key("enter")
	d.pump("the answer", idle)
	if !strings.Contains(d.m.status, "Press enter or ctrl+o again") {
		t.Errorf("status %q", d.m.status)
	}
	d.key("enter")
	d.pump("the program to end", finished)
	res, err := d.m.Result()
	if err != nil || res.Action != ActionConsole || len(res.SigninURLs) != 1 {
		t.Errorf("result %+v, %v", res, err)
	}
}

// TestBrowserFailingAfterSignInKeepsTheURL: the launcher fails after the
// sign-in: the URL is kept to print, and the sentence says what failed.
func TestBrowserFailingAfterSignInKeepsTheURL(t *testing.T) {
	be := newFakeBackend()
	be.openErr = errors.New("can't open a browser: the browser launcher failed (exit status 3)")
	d, _ := newDriver(t, Options{Backend: be})
	d.typeText("sandbox")
	d.key("ctrl+o")
	d.pump("the console", idle)
	want := "Could not open the console for sandbox/Admin: can't open a browser: the browser launcher failed (exit status 3). Its sign-in URL is printed when you leave (valid 15 minutes)."
	if d.m.status != want {
		t.Errorf("status %q\nwant %q", d.m.status, want)
	}
	d.key("alt+y")
	d.pump("the link", idle)
	want = "Could not open the switch-role link for sandbox/Admin: can't open a browser: the browser launcher failed (exit status 3). ctrl+y sends it to the terminal's clipboard."
	if d.m.status != want {
		t.Errorf("status %q\nwant %q", d.m.status, want)
	}
	d.key("ctrl+c")
	d.pump("the program to end", finished)
	if res, _ := d.m.Result(); len(res.SigninURLs) != 1 {
		t.Errorf("sign-in URLs %+v", res.SigninURLs)
	}
}
