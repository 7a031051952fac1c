using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Weft.Mesh.Forwarding.Http1;

namespace Weft.Mesh.Tests.Http1;

public sealed class ChunkedBodyPropertyTests
{
    private static readonly byte[] Next = Encoding.ASCII.GetBytes("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");

    /// <summary>A chunked body: random chunks (hex in either case, optional extensions), optional trailers.</summary>
    private static readonly Gen<byte[]> ChunkedBodies =
        from chunks in Gen.Choose(0, 300).Select(n => new string((char)('a' + (n % 26)), n)).ListOf()
        from upper in Gen.Elements(true, false)
        from extension in Gen.Elements("", ";name=value", ";x")
        from trailers in Gen.Elements("", "grpc-status: 0\r\n", "a: 1\r\nb: 2\r\n")
        select Encode(chunks, upper, extension, trailers);

    private static readonly Gen<int[]> Cuts = Gen.Choose(0, 2000).ArrayOf();

    private static byte[] Encode(IEnumerable<string> chunks, bool upper, string extension, string trailers)
    {
        var text = new StringBuilder();
        foreach (var c in chunks.Where(c => c.Length > 0))
            text.Append(c.Length.ToString(upper ? "X" : "x")).Append(extension).Append("\r\n").Append(c).Append("\r\n");
        text.Append('0').Append(extension).Append("\r\n").Append(trailers).Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    [Fact]
    public void Scan_AnyChunkedBodyInAnyPieces_EndsExactlyAtTheBodyEnd()
    {
        Prop.ForAll(ChunkedBodies.ToArbitrary(), Cuts.ToArbitrary(), (body, cuts) =>
            {
                var data = body.Concat(Next).ToArray();
                var scanner = default(ChunkedScanner);
                var consumed = 0;
                foreach (var segment in Segments.Split(data, cuts))
                {
                    var n = scanner.Scan(segment.Span);
                    if (n < 0) return false;
                    consumed += n;
                    if (scanner.IsDone) break;
                }

                return scanner.IsDone && consumed == body.Length;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decode_AnyChunkedBodyInAnyPieces_YieldsExactlyTheChunksData()
    {
        var cases = from chunks in Gen.Choose(0, 300).Select(n => new string((char)('a' + (n % 26)), n)).ListOf()
                    from upper in Gen.Elements(true, false)
                    from extension in Gen.Elements("", ";name=value")
                    from trailers in Gen.Elements("", "grpc-status: 0\r\n")
                    from cuts in Cuts
                    select (chunks, body: Encode(chunks, upper, extension, trailers), cuts);
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var data = c.body.Concat(Next).ToArray();
                var scanner = default(ChunkedScanner);
                var decoded = new ArrayBufferWriter<byte>();
                var consumed = 0;
                foreach (var segment in Segments.Split(data, c.cuts))
                {
                    var n = scanner.Decode(segment.Span, decoded);
                    if (n < 0) return false;
                    consumed += n;
                    if (scanner.IsDone) break;
                }

                return scanner.IsDone && consumed == c.body.Length
                    && Encoding.ASCII.GetString(decoded.WrittenSpan) == string.Concat(c.chunks);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CopyAsync_ChunkedOrContentLength_CopiesTheBodyAndLeavesThePipelinedRequest()
    {
        var cases = from body in ChunkedBodies
                    from chunked in Gen.Elements(true, false)
                    from cuts in Cuts
                    select (body, chunked, cuts);
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (copied, rest, outcome) = Copy(c.body, c.chunked ? BodyFraming.Chunked : BodyFraming.ContentLength, c.cuts);
                return outcome == BodyCopy.Completed && copied.SequenceEqual(c.body) && rest.SequenceEqual(Next);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CopyAsync_SourceEndsEarly_ReportsSourceFailed()
    {
        var body = Encoding.ASCII.GetBytes("5\r\nhel");

        var (_, _, chunked) = Copy(body, BodyFraming.Chunked, [], suffix: []);
        var (_, _, length) = Copy(body, BodyFraming.ContentLength, [], suffix: [], length: 100);

        chunked.ShouldBe(BodyCopy.SourceFailed);
        length.ShouldBe(BodyCopy.SourceFailed);
    }

    [Theory]
    [InlineData("x\r\n")] // not hex
    [InlineData("5\r\nhelloXX0\r\n\r\n")] // data not followed by CRLF
    [InlineData("5\nhello\r\n0\r\n\r\n")] // bare LF after size
    [InlineData("1000000000000000\r\n")] // 16 hex digits
    [InlineData("\r\n")] // empty size
    public void Scan_BrokenFraming_IsInvalid(string text)
    {
        var scanner = default(ChunkedScanner);

        scanner.Scan(Encoding.ASCII.GetBytes(text)).ShouldBe(-1);
    }

    [Fact]
    public void CopyAsync_CloseDelimited_CopiesUntilTheSourceCloses()
    {
        var body = Encoding.ASCII.GetBytes(new string('z', 5000));

        var (copied, _, outcome) = Copy(body, BodyFraming.CloseDelimited, [7, 4000], suffix: []);

        outcome.ShouldBe(BodyCopy.Completed);
        copied.ShouldBe(body);
    }

    private static (byte[] Copied, byte[] Remainder, BodyCopy Outcome) Copy(byte[] body, BodyFraming framing, int[] cuts, byte[]? suffix = null, long? length = null)
    {
        var data = body.Concat(suffix ?? Next).ToArray();
        var source = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var destination = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        foreach (var segment in Segments.Split(data, cuts))
        {
            source.Writer.Write(segment.Span);
            source.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        }

        source.Writer.Complete();
        var outcome = Http1Body.CopyAsync(source.Reader, destination.Writer, framing, length ?? body.Length, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        destination.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        destination.Writer.Complete();
        return (ReadAll(destination.Reader), ReadAll(source.Reader), outcome);
    }

    private static byte[] ReadAll(PipeReader reader)
    {
        var output = new MemoryStream();
        while (reader.TryRead(out var result))
        {
            foreach (var segment in result.Buffer) output.Write(segment.Span);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }

        return output.ToArray();
    }
}
