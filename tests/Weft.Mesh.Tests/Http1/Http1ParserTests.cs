using System.Text;
using Weft.Mesh.Forwarding.Http1;

namespace Weft.Mesh.Tests.Http1;

public sealed class Http1ParserTests
{
    private static Http1Head Request(string text, out ParseResult result)
    {
        var head = new Http1Head();
        head.Load(Encoding.ASCII.GetBytes(text));
        result = Http1Parser.ParseRequest(head);
        return head;
    }

    private static Http1Head Response(string text, out ParseResult result, bool headRequest = false)
    {
        var head = new Http1Head();
        head.Load(Encoding.ASCII.GetBytes(text));
        result = Http1Parser.ParseResponse(head, headRequest);
        return head;
    }

    [Fact]
    public void ParseRequest_SimpleGet_ReadsMethodTargetHostAndNoBody()
    {
        var head = Request("GET /a?b=1 HTTP/1.1\r\nHost: svc:80\r\nX-App: 1\r\n\r\n", out var result);

        result.ShouldBe(ParseResult.Ok);
        Encoding.ASCII.GetString(head.Method).ShouldBe("GET");
        Encoding.ASCII.GetString(head.Target).ShouldBe("/a?b=1");
        Encoding.ASCII.GetString(head.Host).ShouldBe("svc:80");
        head.Framing.ShouldBe(BodyFraming.None);
        head.Close.ShouldBeFalse();
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n", "ContentLength", 12)]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "None", 0)]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: Chunked\r\n\r\n", "Chunked", 0)]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", "ContentLength", 5)]
    public void ParseRequest_Framing_FollowsContentLengthOrChunked(string text, string framing, long length)
    {
        var head = Request(text, out var result);

        result.ShouldBe(ParseResult.Ok);
        head.Framing.ToString().ShouldBe(framing);
        head.ContentLength.ShouldBe(length);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\nHost: x\r\n\r\n")] // HTTP/1.0: keep-alive and chunked rules differ
    [InlineData("GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n")] // absolute-form
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 3\r\n\r\n")] // only 100-continue is forwarded
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")] // smuggling
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3 3\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n")] // no Host
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n continued\r\n\r\n")] // obs-fold
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n")] // space before colon
    [InlineData("GET / HTTP/1.1\r\nHost: x\nX-A: 1\r\n\r\n")] // bare LF
    [InlineData("GET  / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("G(T / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nHTTP2-Settings: AAA\r\n\r\n")]
    public void ParseRequest_WhatTheFastPathDoesNotTake_FallsBack(string text)
    {
        Request(text, out var result);

        result.ShouldBe(ParseResult.Fallback);
    }

    [Fact]
    public void ParseRequest_ConnectionClose_MarksClose()
    {
        var head = Request("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, close\r\n\r\n", out var result);

        result.ShouldBe(ParseResult.Ok);
        head.Close.ShouldBeTrue();
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", false, "ContentLength", false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, "Chunked", false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false, "Chunked", false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", false, "CloseDelimited", true)]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\n", false, "CloseDelimited", true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true, "None", false)] // answers HEAD
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", false, "None", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false, "None", false)]
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", false, "None", false)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n", false, "ContentLength", true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", false, "ContentLength", true)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n", false, "ContentLength", false)]
    [InlineData("HTTP/1.1 200\r\nContent-Length: 1\r\n\r\n", false, "ContentLength", false)] // no reason phrase
    public void ParseResponse_Framing_FollowsRfc9112(string text, bool headRequest, string framing, bool close)
    {
        var head = Response(text, out var result, headRequest);

        result.ShouldBe(ParseResult.Ok);
        head.Framing.ToString().ShouldBe(framing);
        head.Close.ShouldBe(close);
    }

    [Theory]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Odd\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Header: 1\r\n\r\n")]
    public void ParseResponse_Malformed_IsInvalid(string text)
    {
        Response(text, out var result);

        result.ShouldBe(ParseResult.Invalid);
    }

    [Fact]
    public void FindEndOfHead_AcrossSegments_FindsTheEmptyLine()
    {
        var buffer = Segments.Split(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\nNEXT"), [3, 15, 16, 17, 25]);

        Http1Parser.FindEndOfHead(buffer).ShouldBe(27);
    }
}
