using Weft.Local.Apps;

namespace Weft.Local.Tests.Apps;

public sealed class ServePortListTests
{
    [Fact]
    public void TryParse_MixedList_ReturnsPortsInOrderWithoutDuplicates()
    {
        ServePortList.TryParse("http:80, tcp:81,udp:81,tcp:81", out var ports, out _).ShouldBeTrue();

        ports.ShouldBe([new ServePort(ServeProtocol.Http, 80), new ServePort(ServeProtocol.Tcp, 81), new ServePort(ServeProtocol.Udp, 81)]);
    }

    [Theory]
    [InlineData("sctp:80", "unknown protocol 'sctp'")]
    [InlineData("http:0", "port must be a number from 1 to 65535")]
    [InlineData("http:70000", "port must be a number from 1 to 65535")]
    [InlineData("80", "expected PROTOCOL:PORT")]
    public void TryParse_BadEntry_NamesTheEntry(string text, string message)
    {
        ServePortList.TryParse(text, out _, out var error).ShouldBeFalse();

        error!.ShouldContain(message);
    }

    [Fact]
    public void Format_RoundTripsThroughTryParse()
    {
        var ports = new[] { new ServePort(ServeProtocol.Http, 8080), new ServePort(ServeProtocol.Udp, 53) };

        ServePortList.TryParse(ServePortList.Format(ports), out var parsed, out _).ShouldBeTrue();

        parsed.ShouldBe(ports);
    }
}
