namespace Weft.Dns.Protocol;

/// <summary>Why bytes could not be read as a DNS message; the server answers FORMERR (or drops) for any of them.</summary>
public enum DnsFormatError
{
    None = 0,

    /// <summary>The packet ends before a header, name, fixed field or RDATA it announces.</summary>
    Truncated,

    /// <summary>A compression pointer does not point strictly backwards, so it could loop (RFC 1035 §4.1.4).</summary>
    BadPointer,

    /// <summary>A label uses the reserved 0x40/0x80 length prefixes (RFC 6891 §5 retired extended labels).</summary>
    BadLabelType,

    /// <summary>A name is longer than 255 octets in wire form (RFC 1035 §2.3.4).</summary>
    NameTooLong,

    /// <summary>RDATA is inconsistent with its type (wrong length for A/AAAA, leftover bytes, bad OPT options).</summary>
    BadRecordData,

    /// <summary>A presentation-form name could not be encoded (empty label, label over 63 octets, bad escape).</summary>
    BadName,
}
