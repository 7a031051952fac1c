using Weft.Cni.Install;

namespace Weft.Cni.Tests.Unit;

public class CniInstallerTests
{
    [Fact]
    public void Install_WritesExecutableLaunchersAndConflist()
    {
        var dir = Directory.CreateTempSubdirectory("wtcni-install-");
        try
        {
            var written = CniInstaller.Install(new CniInstallOptions
            {
                BinDir = Path.Combine(dir.FullName, "bin"),
                ConfDir = Path.Combine(dir.FullName, "net.d"),
                HostPath = "/opt/weft/weft-cni",
                DotnetRoot = "/usr/share/dotnet",
                Subnet = Weft.Api.Net.IpPrefix.Parse("10.244.3.0/24"),
            });

            written.Select(Path.GetFileName).ShouldBe(["weft", "weft-ipam", "10-weft.conflist"]);
            var launcher = File.ReadAllText(Path.Combine(dir.FullName, "bin", "weft"));
            launcher.ShouldContain("exec '/opt/weft/weft-cni' plugin \"$@\"");
            File.ReadAllText(Path.Combine(dir.FullName, "bin", "weft-ipam")).ShouldContain("' ipam \"$@\"");
            File.GetUnixFileMode(Path.Combine(dir.FullName, "bin", "weft")).HasFlag(UnixFileMode.OtherExecute).ShouldBeTrue();
            var conflist = Json.Parse(File.ReadAllText(Path.Combine(dir.FullName, "net.d", "10-weft.conflist")));
            conflist.GetProperty("plugins")[0].GetProperty("ipam").GetProperty("ranges")[0][0].GetProperty("subnet").GetString().ShouldBe("10.244.3.0/24");
            conflist.GetProperty("plugins")[1].GetProperty("type").GetString().ShouldBe("portmap");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
