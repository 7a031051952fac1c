using System.Text.Json;

namespace Weft.Cni.Tests.Privileged;

/// <summary>One plugin process run: exit code and the spec JSON it printed.</summary>
internal sealed record CniCall(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public JsonElement Json => Unit.Json.Parse(Stdout);

    public int ErrorCode => Json.GetProperty("code").GetInt32();

    public string ErrorMessage => Json.GetProperty("msg").GetString()!;

    public string PodAddress(int index = 0) =>
        Json.GetProperty("ips")[index].GetProperty("address").GetString()!.Split('/')[0];

    public CniCall ShouldSucceed()
    {
        ExitCode.ShouldBe(0, $"plugin failed: {Stdout} {Stderr}");
        return this;
    }

    public override string ToString() => $"exit {ExitCode}: {Stdout} {Stderr}";
}
