using System.Text;
using Weft.Cni.Spec;

namespace Weft.Cni.Tests.Unit;

public class CniRequestReaderTests
{
    private const string Config = """{"cniVersion":"1.0.0","name":"n","type":"weft","ipam":{"type":"weft-ipam","subnet":"10.0.0.0/24"}}""";

    private static Dictionary<string, string> Env(string command) => new()
    {
        ["CNI_COMMAND"] = command, ["CNI_CONTAINERID"] = "c1", ["CNI_NETNS"] = "/var/run/netns/x", ["CNI_IFNAME"] = "eth0",
        ["CNI_PATH"] = "/opt/cni/bin:/usr/lib/cni", ["CNI_ARGS"] = "K8S_POD_NAME=web;IgnoreUnknown=1",
    };

    private static (CniRequest?, CniError?, string) Read(Dictionary<string, string> env, string stdin) =>
        CniRequestReader.Read(env, Encoding.UTF8.GetBytes(stdin));

    [Fact]
    public void Read_Add_ParsesEnvironmentPathAndArgs()
    {
        var (request, error, _) = Read(Env("ADD"), Config);

        error.ShouldBeNull();
        request!.Command.ShouldBe(CniCommand.Add);
        request.Path.ShouldBe(["/opt/cni/bin", "/usr/lib/cni"]);
        request.Args["K8S_POD_NAME"].ShouldBe("web");
        request.NetworkName.ShouldBe("n");
    }

    [Theory]
    [InlineData("BOGUS", Config, CniErrorCode.InvalidEnvironment)]
    [InlineData("ADD", "{not json", CniErrorCode.DecodeFailure)]
    [InlineData("ADD", """{"cniVersion":"0.2.0","name":"n"}""", CniErrorCode.IncompatibleVersion)]
    [InlineData("ADD", """{"name":"n"}""", CniErrorCode.IncompatibleVersion)]
    [InlineData("CHECK", """{"cniVersion":"0.3.1","name":"n"}""", CniErrorCode.IncompatibleVersion)]
    [InlineData("GC", """{"cniVersion":"1.0.0","name":"n"}""", CniErrorCode.IncompatibleVersion)]
    [InlineData("STATUS", """{"cniVersion":"1.0.0","name":"n"}""", CniErrorCode.IncompatibleVersion)]
    public void Read_BadInput_ReturnsSpecErrorCode(string command, string stdin, CniErrorCode expected)
    {
        var (_, error, _) = Read(Env(command), stdin);

        error!.Code.ShouldBe(expected);
    }

    [Fact]
    public void Read_AddWithoutNetns_IsCode4NamingTheVariable()
    {
        var env = Env("ADD");
        env.Remove("CNI_NETNS");

        var (_, error, version) = Read(env, Config);

        error!.Code.ShouldBe(CniErrorCode.InvalidEnvironment);
        error.Message.ShouldContain("CNI_NETNS");
        version.ShouldBe("1.0.0");
    }

    [Fact]
    public void Read_DelWithoutNetns_IsAccepted()
    {
        var env = Env("DEL");
        env.Remove("CNI_NETNS");

        Read(env, Config).Item2.ShouldBeNull();
    }

    [Theory]
    [InlineData("CNI_CONTAINERID", "-bad")]
    [InlineData("CNI_IFNAME", "way-too-long-name0")]
    [InlineData("CNI_IFNAME", "a/b")]
    public void Read_InvalidIdentifiers_AreCode4(string variable, string value)
    {
        var env = Env("ADD");
        env[variable] = value;

        Read(env, Config).Item2!.Code.ShouldBe(CniErrorCode.InvalidEnvironment);
    }

    [Fact]
    public void Read_VersionWithEmptyStdin_AnswersLatest()
    {
        var (request, error, _) = Read(new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" }, "");

        error.ShouldBeNull();
        request!.Version.ShouldBe(CniVersion.Latest);
    }
}
