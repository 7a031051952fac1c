using FsCheck;
using System.Buffers;
using System.Text;
using Weft.Mesh.Detection;

namespace Weft.Mesh.Tests.Detection;

public sealed class ProtocolDetectorTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\n", DetectedProtocol.Http1)]
    [InlineData("POST /a?b=c HTTP/1.0\r\nHost: x\r\n", DetectedProtocol.Http1)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", DetectedProtocol.Http2)]
    [InlineData("PRI * HTTP/2", DetectedProtocol.NeedMore)]
    [InlineData("GET / HTT", DetectedProtocol.NeedMore)]
    [InlineData("GE", DetectedProtocol.NeedMore)]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n", DetectedProtocol.Opaque)]
    [InlineData("GET / SPDY/3\r\n", DetectedProtocol.Opaque)]
    [InlineData("\0\0\0\x01", DetectedProtocol.Opaque)]
    [InlineData(" GET / HTTP/1.1\r\n", DetectedProtocol.Opaque)]
    public void Detect_ClassifiesFirstBytes(string text, DetectedProtocol expected) =>
        ProtocolDetector.Detect(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text))).ShouldBe(expected);

    [Fact]
    public void Detect_TlsClientHello_IsTls() =>
        ProtocolDetector.Detect(new ReadOnlySequence<byte>([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00])).ShouldBe(DetectedProtocol.Tls);

    [Fact]
    public void Detect_TlsRecordHeaderOnly_NeedsMore() =>
        ProtocolDetector.Detect(new ReadOnlySequence<byte>([0x16, 0x03, 0x01])).ShouldBe(DetectedProtocol.NeedMore);

    [Fact]
    public void Detect_AnySplitOfARequest_AgreesWithWholeOnceComplete()
    {
        var bytes = Encoding.ASCII.GetBytes("GET /path HTTP/1.1\r\nHost: a\r\n\r\n");
        FsCheck.Fluent.Prop.ForAll(
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Choose(1, bytes.Length - 1)),
            split =>
            {
                var first = new Segment(bytes.AsMemory(0, split));
                var last = first.Append(bytes.AsMemory(split));
                return ProtocolDetector.Detect(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)) == DetectedProtocol.Http1;
            }).QuickCheckThrowOnFailure();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
