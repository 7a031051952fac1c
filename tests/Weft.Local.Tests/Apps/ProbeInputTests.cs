using Weft.Local.Apps.Probing;

namespace Weft.Local.Tests.Apps;

public sealed class ProbeInputTests
{
    [Theory]
    [InlineData("10.244.1.5:80", "10.244.1.5", 80, "/")]
    [InlineData("web.x.svc:8080/status/503", "web.x.svc", 8080, "/status/503")]
    [InlineData("http://127.0.0.1:81/healthz", "127.0.0.1", 81, "/healthz")]
    [InlineData("[::1]:443", "::1", 443, "/")]
    public void TryParseTarget_ValidTargets_Split(string text, string host, int port, string path)
    {
        ProbeInput.TryParseTarget(text, out var parsedHost, out var parsedPort, out var parsedPath, out _).ShouldBeTrue();

        (parsedHost, parsedPort, parsedPath).ShouldBe((host, port, path));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1:0")]
    [InlineData("::1:80")]
    [InlineData("[nothost]:80")]
    [InlineData(":80")]
    public void TryParseTarget_InvalidTargets_Fail(string text)
    {
        ProbeInput.TryParseTarget(text, out _, out _, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("2", 2000)]
    [InlineData("1m", 60000)]
    public void TryParseDuration_Forms_AreMilliseconds(string text, int milliseconds)
    {
        ProbeInput.TryParseDuration(text, out var duration).ShouldBeTrue();

        duration.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("soon")]
    public void TryParseDuration_Invalid_Fails(string text)
    {
        ProbeInput.TryParseDuration(text, out _).ShouldBeFalse();
    }
}
