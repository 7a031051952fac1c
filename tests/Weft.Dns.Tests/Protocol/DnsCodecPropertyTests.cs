using FsCheck;
using FsCheck.Fluent;
using Weft.Dns.Protocol;

namespace Weft.Dns.Tests.Protocol;

public class DnsCodecPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void WriteThenRead_AnyMessage_RoundTrips()
    {
        Check.One(Config, Prop.ForAll(DnsMessageGenerators.Message.ToArbitrary(), message =>
        {
            var bytes = DnsMessageGenerators.Encode(message);
            DnsMessageReader.TryRead(bytes, out var read).ShouldBe(DnsFormatError.None);
            read!.ToString().ShouldBe(message.ToString());
        }));
    }

    [Fact]
    public void Write_AnyMessage_IsNoLargerThanWithoutCompression()
    {
        // Every name written in full costs its whole wire length; compression may only make the message smaller.
        Check.One(Config, Prop.ForAll(DnsMessageGenerators.Message.ToArbitrary(), message =>
        {
            var bytes = DnsMessageGenerators.Encode(message);
            bytes.Length.ShouldBeLessThanOrEqualTo(UncompressedSize(message));
        }));
    }

    [Fact]
    public void Write_UnderASizeLimit_FitsCutsWholeRecordsAndSetsTruncatedOnlyForLostAnswers()
    {
        var gen = from message in DnsMessageGenerators.Message
                  from limit in Gen.Choose(64, 1500)
                  select (message, limit);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (message, limit) = input;
            var buffer = new byte[DnsMessageWriter.MaxMessageLength];
            var result = DnsMessageWriter.Write(message, buffer, limit);
            if (result.Error == DnsFormatError.Truncated)
            {
                // Only when not even the header, questions and OPT fit.
                return;
            }

            result.Error.ShouldBe(DnsFormatError.None);
            result.Length.ShouldBeLessThanOrEqualTo(limit);
            DnsMessageReader.TryRead(buffer.AsSpan(0, result.Length), out var read).ShouldBe(DnsFormatError.None);
            var kept = read!.Answers.Length + read.Authorities.Length;
            result.Truncated.ShouldBe(kept < message.Answers.Length + message.Authorities.Length);
            read.Truncated.ShouldBe(message.Truncated || result.Truncated);
            (read.Opt is null).ShouldBe(message.Opt is null);
            read.Answers.Select(r => r.ToString()).ShouldBe(message.Answers.Take(read.Answers.Length).Select(r => r.ToString()));
        }));
    }

    [Fact]
    public void Read_EveryStrictPrefixOfAValidMessage_FailsWithoutThrowing()
    {
        Check.One(Config.WithMaxTest(60), Prop.ForAll(DnsMessageGenerators.Message.ToArbitrary(), message =>
        {
            var bytes = DnsMessageGenerators.Encode(message);
            for (var length = 0; length < bytes.Length; length++)
            {
                DnsMessageReader.TryRead(bytes.AsSpan(0, length), out _).ShouldNotBe(DnsFormatError.None, $"prefix of {length} bytes");
            }
        }));
    }

    [Fact]
    public void Read_MessageWithFlippedBytes_NeverThrowsAndRewritesStably()
    {
        var gen = from message in DnsMessageGenerators.Message
                  from flips in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(1, 255)), 3)
                  select (message, flips);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var bytes = DnsMessageGenerators.Encode(input.message);
            foreach (var (at, xor) in input.flips)
            {
                bytes[at % bytes.Length] ^= (byte)xor;
            }

            if (DnsMessageReader.TryRead(bytes, out var read) != DnsFormatError.None)
            {
                return;
            }

            // Whatever could be read can be written, and from then on the codec is a fixed point.
            var once = DnsMessageGenerators.Encode(read!);
            DnsMessageReader.TryRead(once, out var again).ShouldBe(DnsFormatError.None);
            DnsMessageGenerators.Encode(again!).ShouldBe(once);
        }));
    }

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        var gen = Gen.Choose(0, 600).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255), n)).Select(b => b.Select(x => (byte)x).ToArray());
        Check.One(Config.WithMaxTest(2000), Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            _ = DnsMessageReader.TryRead(bytes, out _);
        }));
    }

    private static int UncompressedSize(DnsMessage message)
    {
        var size = DnsMessageWriter.HeaderLength;
        foreach (var q in message.Questions)
        {
            size += NameLength(q.Name) + 4;
        }

        foreach (var r in message.Answers.Concat(message.Authorities).Concat(message.Additionals))
        {
            size += NameLength(r.Name) + 10 + r.Data switch
            {
                AddressRecordData a => a.Address.GetAddressBytes().Length,
                NameRecordData n => NameLength(n.Target),
                SoaRecordData s => NameLength(s.PrimaryServer) + NameLength(s.Mailbox) + 20,
                SrvRecordData v => 6 + NameLength(v.Target),
                TxtRecordData t => t.Strings.Sum(x => 1 + x.Length),
                OptRecordData o => o.Options.Sum(x => 4 + x.Data.Length),
                UnknownRecordData u => u.Data.Length,
                _ => throw new InvalidOperationException(),
            };
        }

        return size;
    }

    private static int NameLength(string name)
    {
        Span<byte> buffer = stackalloc byte[255];
        return DnsNameEncoding.Encode(name, buffer);
    }
}
