using Weft.Api.Resources;
using Weft.Services.Formatting;

namespace Weft.Services.Tests;

public sealed class FormattingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ServiceTable_ShowsKubectlColumns()
    {
        var model = Build.Compile(
            Build.Service("web", app: "web"),
            Build.Service("np", type: ServiceType.NodePort, ports: [Build.Port(80, "http", nodePort: 30080)]),
            Build.Service("ext", type: ServiceType.ExternalName) with { ExternalName = "example.org", Ports = [] },
            Build.Service("headless", app: "h", clusterIP: "None"));

        var text = ServiceTableFormatter.Format(model.Services.Values, key => key == "default/web" ? Now.AddMinutes(-5) : null, Now);

        text.ShouldBe(
            """
            NAME       TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE
            ext        ExternalName   <none>       example.org   <none>         <unknown>
            headless   ClusterIP      None         <none>        80/TCP         <unknown>
            np         NodePort       10.96.0.2    <none>        80:30080/TCP   <unknown>
            web        ClusterIP      10.96.0.3    <none>        80/TCP         5m

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void EndpointSliceTable_ShowsAtMostThreeAddresses()
    {
        var pods = Enumerable.Range(1, 5).Select(i => Build.Pod($"p{i}", "web", $"10.244.1.{i}")).ToArray();
        var model = Build.CompileOk(ServiceModel.Empty, new ServiceInputs { Services = [Build.Service("web", app: "web")], Pods = [.. pods] });

        var text = EndpointSliceTableFormatter.Format(model.EndpointSlices, _ => Now.AddHours(-3), Now, allNamespaces: true);

        var lines = text.Split('\n');
        System.Text.RegularExpressions.Regex.Split(lines[0], " {3,}").ShouldBe(["NAMESPACE", "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]);
        lines[1].ShouldStartWith("default     web-");
        lines[1].ShouldEndWith("IPv4          8080    10.244.1.1,10.244.1.2,10.244.1.3 + 2 more...   3h");
    }

    [Theory]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(150, "2m30s")]
    [InlineData(3600, "60m")]
    [InlineData(4 * 3600 + 60, "4h1m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400, "3d")]
    [InlineData(100 * 86400, "100d")]
    public void HumanDuration_MatchesKubectl(int seconds, string expected) =>
        HumanDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
}
