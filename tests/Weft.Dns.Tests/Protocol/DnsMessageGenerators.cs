using System.Collections.Immutable;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Weft.Dns.Protocol;

namespace Weft.Dns.Tests.Protocol;

/// <summary>Random but valid messages, with names drawn from a small pool so that compression has suffixes to share.</summary>
internal static class DnsMessageGenerators
{
    private static readonly string[] CommonLabels = ["cluster", "local", "svc", "default", "web", "Web", "_http", "_tcp", "a", "in-addr", "arpa"];

    /// <summary>A label in the reader's canonical presentation form: any octets, escaped exactly as the reader escapes.</summary>
    public static Gen<string> Label { get; } = Gen.Frequency(
        (4, Gen.Elements(CommonLabels)),
        (1, Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255), n)).Select(Canonical)));

    public static Gen<string> Name { get; } = Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Label, n)).Select(labels => string.Join('.', labels));

    public static Gen<DnsRecordData> Data { get; } = Gen.OneOf(
        Gen.ArrayOf(Gen.Choose(0, 255), 4).Select(b => (DnsRecordData)new AddressRecordData(new IPAddress(b.Select(x => (byte)x).ToArray()))),
        Gen.ArrayOf(Gen.Choose(0, 255), 16).Select(b => (DnsRecordData)new AddressRecordData(new IPAddress(b.Select(x => (byte)x).ToArray()))),
        Gen.Zip(Gen.Elements(DnsType.CNAME, DnsType.NS, DnsType.PTR), Name).Select(t => (DnsRecordData)new NameRecordData(t.Item1, t.Item2)),
        Gen.Zip(Gen.Zip(Name, Name), Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 5))
            .Select(t => (DnsRecordData)new SoaRecordData(t.Item1.Item1, t.Item1.Item2, (uint)t.Item2[0], (uint)t.Item2[1], (uint)t.Item2[2], (uint)t.Item2[3], (uint)t.Item2[4])),
        Gen.Zip(Gen.ArrayOf(Gen.Choose(0, 65535), 3), Name).Select(t => (DnsRecordData)new SrvRecordData((ushort)t.Item1[0], (ushort)t.Item1[1], (ushort)t.Item1[2], t.Item2)),
        Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 40).SelectMany(len => Gen.ArrayOf(Gen.Choose(0, 255), len)), n))
            .Select(strings => (DnsRecordData)new TxtRecordData([.. strings.Select(s => new string(s.Select(c => (char)c).ToArray()))])),
        Gen.Zip(Gen.Choose(256, 65000), Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255), n)))
            .Select(t => (DnsRecordData)new UnknownRecordData((DnsType)t.Item1, [.. t.Item2.Select(b => (byte)b)])));

    public static Gen<DnsResourceRecord> Record { get; } =
        Gen.Zip(Gen.Zip(Name, Data), Gen.Choose(0, int.MaxValue))
            .Select(t => new DnsResourceRecord(t.Item1.Item1, DnsClass.IN, (uint)t.Item2, t.Item1.Item2));

    private static Gen<ImmutableArray<DnsResourceRecord>> Section { get; } =
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Record, n)).Select(r => r.ToImmutableArray());

    private static Gen<DnsResourceRecord?> Opt { get; } = Gen.Frequency(
        (1, Gen.Constant<DnsResourceRecord?>(null)),
        (1, Gen.Zip(Gen.Choose(512, 65535), Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 65535), Gen.Choose(0, 8).SelectMany(len => Gen.ArrayOf(Gen.Choose(0, 255), len))), n)))
            .Select(t => (DnsResourceRecord?)new DnsResourceRecord(
                string.Empty,
                (DnsClass)t.Item1,
                0x8000,
                new OptRecordData([.. t.Item2.Select(o => new EdnsOption((ushort)o.Item1, [.. o.Item2.Select(b => (byte)b)]))])))));

    public static Gen<DnsMessage> Message { get; } =
        from header in Gen.ArrayOf(Gen.Choose(0, 65535), 3)
        from questions in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Gen.Zip(Name, Gen.Elements(DnsType.A, DnsType.AAAA, DnsType.SRV, DnsType.PTR, DnsType.ANY)), n))
        from answers in Section
        from authorities in Section
        from additionals in Section
        from opt in Opt
        select new DnsMessage
        {
            Id = (ushort)header[0],
            IsResponse = (header[1] & 1) != 0,
            Opcode = (DnsOpcode)((header[1] >> 1) & 0xF),
            AuthoritativeAnswer = (header[1] & 0x20) != 0,
            Truncated = (header[1] & 0x40) != 0,
            RecursionDesired = (header[1] & 0x80) != 0,
            RecursionAvailable = (header[1] & 0x100) != 0,
            AuthenticData = (header[1] & 0x200) != 0,
            CheckingDisabled = (header[1] & 0x400) != 0,
            ResponseCode = (DnsResponseCode)(header[2] & 0xF),
            Questions = [.. questions.Select(q => new DnsQuestion(q.Item1, q.Item2))],
            Answers = answers,
            Authorities = authorities,

            // The writer puts the OPT record first among the additionals, so generate it there.
            Additionals = opt is null ? additionals : additionals.Insert(0, opt),
        };

    public static byte[] Encode(DnsMessage message)
    {
        var buffer = new byte[DnsMessageWriter.MaxMessageLength];
        var result = DnsMessageWriter.Write(message, buffer, buffer.Length);
        result.Error.ShouldBe(DnsFormatError.None);
        return buffer[..result.Length];
    }

    private static string Canonical(int[] octets)
    {
        var text = new StringBuilder();
        foreach (var b in octets)
        {
            if (b is '.' or '\\')
            {
                text.Append('\\').Append((char)b);
            }
            else if (b is < 0x21 or > 0x7E)
            {
                text.Append('\\').Append(b.ToString("D3"));
            }
            else
            {
                text.Append((char)b);
            }
        }

        return text.ToString();
    }
}
