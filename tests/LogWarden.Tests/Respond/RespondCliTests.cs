using System.Diagnostics;
using LogWarden.Config;
using LogWarden.Respond;
using LogWarden.Detect;
using LogWarden.Store;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Respond;

public sealed class RespondCliTests
{
    [Fact]
    public async Task Actions_lists_the_audit_and_bans_export_prints_a_list_and_an_nft_file_nft_accepts()
    {
        var runner = new RecordingCommandRunner();
        var config = new RespondConfig
        {
            Enabled = true,
            DryRun = false,
            Playbooks = [RespondRig.Playbook("kind=ssh-brute-force", new PlaybookActionConfig { Type = "ban" })],
        };
        string dir;
        using (var rig = new RespondRig(config, runner))
        {
            dir = rig.DataDir;
            await rig.Responder.RespondAsync(RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", "203.0.113.9"), ("ip", "2001:db8::7"), ("ip", "$(reboot)")), CancellationToken.None);
            rig.Store.Dispose();

            var actions = CliRunner.Run(["actions", .. TestStoreLocation.CliArgsFor(dir)]);
            Assert.Equal(0, actions.Exit);
            Assert.Contains("ban                 ok       network=203.0.113.9/32", actions.Out, StringComparison.Ordinal);
            Assert.Contains("refused  ip=$(reboot)", actions.Out, StringComparison.Ordinal);
            Assert.Contains("$ /usr/sbin/nft add element inet logwarden ban6 '{' 2001:db8::/64 timeout 3600s '}'", actions.Out, StringComparison.Ordinal);

            var list = CliRunner.Run(["bans", "export", "--format", "list", .. TestStoreLocation.CliArgsFor(dir)]);
            Assert.Equal("2001:db8::/64\n203.0.113.9/32\n", list.Out);

            var nft = CliRunner.Run(["bans", "export", "--format", "nft", .. TestStoreLocation.CliArgsFor(dir)]);
            Assert.Contains("elements = { 203.0.113.9/32 timeout 3", nft.Out, StringComparison.Ordinal);
            if (NetnsRig.SkipReason() is null)
            {
                // `nft -c` checks the file without loading it.
                string file = Path.Combine(dir, "bans.nft");
                File.WriteAllText(file, nft.Out);
                using var check = Process.Start(new ProcessStartInfo(NetnsRig.NftPath, ["-c", "-f", file]) { RedirectStandardError = true })!;
                string err = await check.StandardError.ReadToEndAsync();
                await check.WaitForExitAsync();
                Assert.True(check.ExitCode == 0, err);
            }
        }
    }
}
