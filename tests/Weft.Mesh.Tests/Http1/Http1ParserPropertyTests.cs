using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Weft.Mesh.Forwarding.Http1;

namespace Weft.Mesh.Tests.Http1;

public sealed class Http1ParserPropertyTests
{
    private static readonly Gen<string> Token =
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!#$%&'*+^`|".ToCharArray())
            .NonEmptyListOf().Select(c => new string([.. c.Take(20)]));

    private static readonly Gen<string> Value =
        Gen.Elements("abcdefghij XYZ0123456789-_.;,=/\"()\t".ToCharArray()).ListOf()
            .Select(c => new string([.. c.Take(40)]).Trim(' ', '\t'));

    // Before Header: static fields initialise in order.
    private static readonly HashSet<string> Reserved =
    [
        "host", "content-length", "transfer-encoding", "connection", "te", "upgrade", "expect", "trailer", "keep-alive",
        "proxy-connection", "proxy-authorization", "proxy-authenticate", "http2-settings", "x-weft-client-id", "x-weft-orig-proto", "x-named",
    ];

    /// <summary>(header line, kept?) for an end-to-end header or one of the hop-by-hop kinds.</summary>
    private static readonly Gen<(string Line, bool Kept)> Header = Gen.OneOf(
        from name in Token.Where(n => !Reserved.Contains(n.ToLowerInvariant()))
        from value in Value
        select ($"{name}: {value}", true),
        Gen.Elements(
            ("Keep-Alive: timeout=5", false),
            ("Proxy-Connection: keep-alive", false),
            ("x-weft-client-id: spiffe://forged", false),
            ("x-weft-orig-proto: HTTP/1.1", false),
            ("Proxy-Authorization: Basic x", false),
            ("TE: trailers", true),
            ("TE: gzip", false)));

    [Fact]
    public void ParseThenWrite_AnyValidRequest_KeepsEndToEndHeadersInOrderAndDropsHopByHop()
    {
        var requests =
            from method in Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH", "X-CUSTOM")
            from path in Token
            from headers in Header.ListOf()
            from hostAt in Gen.Choose(0, 10)
            from named in Gen.Elements(true, false)
            select (method, path, headers: headers.Take(30).ToList(), hostAt, named);
        Prop.ForAll(requests.ToArbitrary(), r =>
            {
                var lines = r.headers.ToList();
                lines.Insert(Math.Min(r.hostAt, lines.Count), ("Host: svc.ns:8080", true));
                if (r.named)
                {
                    lines.Add(("Connection: x-named", false));
                    lines.Insert(0, ("X-Named: secret", false));
                }

                var text = $"{r.method} /{r.path}?q=1 HTTP/1.1\r\n" + string.Concat(lines.Select(l => l.Line + "\r\n")) + "\r\n";
                var head = new Http1Head();
                head.Load(Encoding.ASCII.GetBytes(text));
                if (Http1Parser.ParseRequest(head) != ParseResult.Ok) return false;
                var written = new ArrayBufferWriter<byte>();
                Http1Writer.WriteRequestHead(written, head, []);
                var expected = $"{r.method} /{r.path}?q=1 HTTP/1.1\r\n" + string.Concat(lines.Where(l => l.Kept).Select(l => l.Line + "\r\n")) + "\r\n";
                return Encoding.ASCII.GetString(written.WrittenSpan) == expected
                    && Encoding.ASCII.GetString(head.Host) == "svc.ns:8080"
                    && Encoding.ASCII.GetString(head.Method) == r.method;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_ArbitraryBytes_NeverThrowsAndWhatItAcceptsRoundTrips()
    {
        var heads =
            from prefix in Gen.Elements("GET / HTTP/1.1\r\nHost: x\r\n", "HTTP/1.1 200 OK\r\n", "")
            from bytes in Gen.Elements("GET /HTTP1.\r\n\t :;ÿ\0abcHost:Content-Length: 1chunked,".Select(c => (byte)c).ToArray()).ListOf()
            select Encoding.Latin1.GetBytes(prefix).Concat(bytes.Take(200)).Concat("\r\n\r\n"u8.ToArray()).ToArray();
        Prop.ForAll(heads.ToArbitrary(), data =>
            {
                var end = (int)Http1Parser.FindEndOfHead(new ReadOnlySequence<byte>(data));
                var request = new Http1Head();
                request.Load(data.AsSpan(0, end));
                var response = new Http1Head();
                response.Load(data.AsSpan(0, end));
                _ = Http1Parser.ParseResponse(response, headRequest: false);
                if (Http1Parser.ParseRequest(request) != ParseResult.Ok) return true;
                var written = new ArrayBufferWriter<byte>();
                Http1Writer.WriteRequestHead(written, request, []);
                var again = new Http1Head();
                again.Load(written.WrittenSpan);
                return Http1Parser.ParseRequest(again) == ParseResult.Ok && again.Framing == request.Framing && again.ContentLength == request.ContentLength;
            })
            .QuickCheckThrowOnFailure();
    }
}
