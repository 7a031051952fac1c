using System.Buffers;
using System.Text;
using Weft.Local.Apps.Http;

namespace Weft.Local.Tests.Apps;

public sealed class HttpRequestParserTests
{
    private static (HttpParseStatus Status, HttpRequestHead? Head, long Consumed) Parse(string text)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)));
        var status = HttpRequestParser.TryRead(ref reader, out var head);
        return (status, head, reader.Consumed);
    }

    [Fact]
    public void TryRead_Http11Request_KeepsAliveByDefault()
    {
        var (status, head, consumed) = Parse("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\nNEXT");

        status.ShouldBe(HttpParseStatus.Complete);
        head!.RequestLine.ShouldBe("GET /a?b=c HTTP/1.1");
        head.KeepAlive.ShouldBeTrue();
        consumed.ShouldBe(32);
    }

    [Fact]
    public void TryRead_Http10Request_ClosesUnlessKeepAlive()
    {
        Parse("GET / HTTP/1.0\r\n\r\n").Head!.KeepAlive.ShouldBeFalse();
        Parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").Head!.KeepAlive.ShouldBeTrue();
    }

    [Fact]
    public void TryRead_ConnectionClose_DoesNotKeepAlive()
    {
        Parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").Head!.KeepAlive.ShouldBeFalse();
    }

    [Fact]
    public void TryRead_PartialHead_IsIncompleteAndConsumesNothing()
    {
        var (status, _, consumed) = Parse("GET / HTTP/1.1\r\nHost: x\r\n");

        status.ShouldBe(HttpParseStatus.Incomplete);
        consumed.ShouldBe(0);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET / SPDY/3\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nno-colon\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n")]
    public void TryRead_Malformed_IsInvalid(string text)
    {
        Parse(text).Status.ShouldBe(HttpParseStatus.Invalid);
    }

    [Fact]
    public void TryRead_HugeHeadWithoutEnd_IsTooLarge()
    {
        Parse("GET / HTTP/1.1\r\nX: " + new string('a', 17000)).Status.ShouldBe(HttpParseStatus.TooLarge);
    }

    [Fact]
    public void TryRead_BodyHeaders_AreReported()
    {
        Parse("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n").Head!.ContentLength.ShouldBe(12);
        Parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").Head!.ContentLength.ShouldBe(-1);
    }
}
