using System.Globalization;

namespace Weft.Flows.Enrichment;

/// <summary>
/// The NFLOG prefix Weft's policy rules log with: <c>weft:&lt;V&gt;:&lt;ruleId&gt;</c>, where V is <c>D</c> (the
/// packet is dropped) or <c>A</c> (audit: the packet would be dropped and is allowed), and ruleId is the decimal
/// uint32 the datapath compiler assigned to the deciding rule (mapped back by <see cref="IFlowLookup.FindRule"/>).
/// At most 17 characters, far inside nftables' 127-character limit, and short because the kernel copies the
/// prefix into every log message. Other prefixes are not Weft's and are ignored.
/// </summary>
public static class NflogPrefix
{
    public const string Scheme = "weft:";

    public static string Format(FlowVerdict verdict, uint ruleId) => verdict switch
    {
        FlowVerdict.Dropped => $"{Scheme}D:{ruleId.ToString(CultureInfo.InvariantCulture)}",
        FlowVerdict.Audit => $"{Scheme}A:{ruleId.ToString(CultureInfo.InvariantCulture)}",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "only drops and audits are logged"),
    };

    public static bool TryParse(ReadOnlySpan<char> prefix, out FlowVerdict verdict, out uint ruleId)
    {
        verdict = default;
        ruleId = 0;
        // The kernel hands the prefix over NUL-terminated; tolerate the terminator and trailing spaces.
        prefix = prefix.TrimEnd('\0').TrimEnd(' ');
        if (!prefix.StartsWith(Scheme, StringComparison.Ordinal) || prefix.Length < Scheme.Length + 3
            || prefix[Scheme.Length + 1] != ':')
        {
            return false;
        }

        switch (prefix[Scheme.Length])
        {
            case 'D': verdict = FlowVerdict.Dropped; break;
            case 'A': verdict = FlowVerdict.Audit; break;
            default: return false;
        }

        var digits = prefix[(Scheme.Length + 2)..];
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ruleId);
    }
}
