using System.Net;
using Weft.Dns.Protocol;

namespace Weft.Dns.Tests.Protocol;

public class DnsCodecTests
{
    private static readonly byte[] Header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

    [Fact]
    public void Write_AnswerOwnedByQuestionName_IsAPointerToTheQuestion()
    {
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion("web.default.svc.cluster.local", DnsType.A)],
            Answers = [new DnsResourceRecord("web.default.svc.cluster.local", DnsClass.IN, 5, new AddressRecordData(IPAddress.Parse("10.96.0.20")))],
        };

        var bytes = DnsMessageGenerators.Encode(message);

        var answerStart = 12 + 31 + 4;
        bytes[answerStart].ShouldBe((byte)0xC0);
        bytes[answerStart + 1].ShouldBe((byte)12);
        bytes.Length.ShouldBe(answerStart + 2 + 10 + 4);
    }

    [Fact]
    public void Write_SharedSuffix_PointsAtTheEarlierSuffix()
    {
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion("_http._tcp.web.default.svc.cluster.local", DnsType.SRV)],
            Answers = [new DnsResourceRecord("_http._tcp.web.default.svc.cluster.local", DnsClass.IN, 5, new NameRecordData(DnsType.CNAME, "db.default.svc.cluster.local"))],
        };

        var bytes = DnsMessageGenerators.Encode(message);

        // "db" is written, then a pointer to "default.svc.cluster.local" inside the question (offset 12 + 6 + 5 + 4).
        var tail = bytes[^5..];
        tail.ShouldBe(new byte[] { 2, (byte)'d', (byte)'b', 0xC0, 12 + 6 + 5 + 4 });
    }

    [Fact]
    public void Read_PointerToItself_IsBadPointer()
    {
        byte[] packet = [.. Header, 0xC0, 12, 0x00, 0x01, 0x00, 0x01];

        DnsMessageReader.TryRead(packet, out _).ShouldBe(DnsFormatError.BadPointer);
    }

    [Fact]
    public void Read_LabelThenPointerBackToThatLabel_IsBadPointer()
    {
        // "a" then a pointer back to the start of the same name: following it would loop forever.
        byte[] packet = [.. Header, 1, (byte)'a', 0xC0, 12, 0x00, 0x01, 0x00, 0x01];

        DnsMessageReader.TryRead(packet, out _).ShouldBe(DnsFormatError.BadPointer);
    }

    [Fact]
    public void Read_ForwardPointer_IsBadPointer()
    {
        byte[] packet = [.. Header, 0xC0, 20, 0x00, 0x01, 0x00, 0x01, 1, (byte)'a', 0];

        DnsMessageReader.TryRead(packet, out _).ShouldBe(DnsFormatError.BadPointer);
    }

    [Fact]
    public void Read_ExtendedLabelType_IsBadLabelType()
    {
        byte[] packet = [.. Header, 0x41, 0, 0x00, 0x01, 0x00, 0x01];

        DnsMessageReader.TryRead(packet, out _).ShouldBe(DnsFormatError.BadLabelType);
    }

    [Fact]
    public void Read_NameLongerThan255Octets_IsNameTooLong()
    {
        var name = new List<byte>();
        for (var i = 0; i < 5; i++)
        {
            name.Add(63);
            name.AddRange(Enumerable.Repeat((byte)'x', 63));
        }

        byte[] packet = [.. Header, .. name, 0, 0x00, 0x01, 0x00, 0x01];

        DnsMessageReader.TryRead(packet, out _).ShouldBe(DnsFormatError.NameTooLong);
    }

    [Fact]
    public void Read_ARecordWithFiveOctets_IsBadRecordData()
    {
        byte[] packet =
        [
            0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0,
            0, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 5, 0, 5, 1, 2, 3, 4, 5,
        ];

        DnsMessageReader.TryRead(packet, out _).ShouldBe(DnsFormatError.BadRecordData);
    }

    [Fact]
    public void Read_HeaderClaimingManyRecordsInFewBytes_IsTruncated()
    {
        byte[] packet = [0, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

        DnsMessageReader.TryRead(packet, out _).ShouldBe(DnsFormatError.Truncated);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a\\2")]
    [InlineData("a\\999")]
    public void Write_InvalidName_IsBadName(string name)
    {
        var result = DnsMessageWriter.Write(new DnsMessage { Questions = [new DnsQuestion(name, DnsType.A)] }, new byte[512], 512);

        result.Error.ShouldBe(DnsFormatError.BadName);
    }

    [Fact]
    public void Write_LabelOf64Octets_IsBadName()
    {
        var result = DnsMessageWriter.Write(new DnsMessage { Questions = [new DnsQuestion(new string('x', 64), DnsType.A)] }, new byte[512], 512);

        result.Error.ShouldBe(DnsFormatError.BadName);
    }

    [Fact]
    public void WriteThenRead_EscapedOctets_RoundTrip()
    {
        var message = new DnsMessage { Questions = [new DnsQuestion("a\\.b\\032c\\\\.example", DnsType.TXT)] };

        DnsMessageReader.TryRead(DnsMessageGenerators.Encode(message), out var read).ShouldBe(DnsFormatError.None);

        read!.Questions[0].Name.ShouldBe("a\\.b\\032c\\\\.example");
    }

    [Fact]
    public void Write_AnswersOverLimit_CutsAtARecordBoundaryAndSetsTruncated()
    {
        var message = ManyAnswers(100) with { Additionals = [EdnsInfo.CreateRecord(1232, DnsResponseCode.NoError)] };
        var buffer = new byte[65535];

        var result = DnsMessageWriter.Write(message, buffer, 512);

        result.Truncated.ShouldBeTrue();
        result.Length.ShouldBeLessThanOrEqualTo(512);
        DnsMessageReader.TryRead(buffer.AsSpan(0, result.Length), out var read).ShouldBe(DnsFormatError.None);
        read!.Truncated.ShouldBeTrue();
        read.Answers.Length.ShouldBeInRange(1, 99);
        read.Opt.ShouldNotBeNull();
    }

    [Fact]
    public void Write_OnlyAdditionalsOverLimit_DropsThemWithoutTruncated()
    {
        var glue = Enumerable.Range(0, 60)
            .Select(i => new DnsResourceRecord($"host{i}.example", DnsClass.IN, 5, new AddressRecordData(new IPAddress([10, 0, 0, (byte)i]))))
            .ToArray();
        var message = ManyAnswers(1) with { Additionals = [.. glue, EdnsInfo.CreateRecord(1232, DnsResponseCode.NoError)] };
        var buffer = new byte[65535];

        var result = DnsMessageWriter.Write(message, buffer, 512);

        result.Truncated.ShouldBeFalse();
        DnsMessageReader.TryRead(buffer.AsSpan(0, result.Length), out var read).ShouldBe(DnsFormatError.None);
        read!.Answers.Length.ShouldBe(1);
        read.Opt.ShouldNotBeNull();
        read.Additionals.Length.ShouldBeLessThan(61);
    }

    [Fact]
    public void Write_ExtendedResponseCode_SplitsBetweenHeaderAndOpt()
    {
        var message = new DnsMessage { IsResponse = true, ResponseCode = DnsResponseCode.BadVers, Additionals = [EdnsInfo.CreateRecord(1232, DnsResponseCode.BadVers)] };

        DnsMessageReader.TryRead(DnsMessageGenerators.Encode(message), out var read).ShouldBe(DnsFormatError.None);

        read!.ResponseCode.ShouldBe(DnsResponseCode.BadVers);
    }

    private static DnsMessage ManyAnswers(int count) => new()
    {
        IsResponse = true,
        Questions = [new DnsQuestion("big.default.svc.cluster.local", DnsType.A)],
        Answers = [.. Enumerable.Range(0, count).Select(i => new DnsResourceRecord("big.default.svc.cluster.local", DnsClass.IN, 5, new AddressRecordData(new IPAddress([10, 1, (byte)(i / 256), (byte)i]))))],
    };
}
