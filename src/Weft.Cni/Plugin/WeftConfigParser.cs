using System.Text.Json;
using Weft.Cni.Spec;

namespace Weft.Cni.Plugin;

public static class WeftConfigParser
{
    public static (WeftConfig? Config, CniError? Error) Parse(JsonElement config)
    {
        if (string.IsNullOrEmpty(CniJson.String(config, "name")))
        {
            return Fail("name: the network configuration needs a name");
        }

        var mtu = 1500;
        if (config.TryGetProperty("mtu", out var mtuElement))
        {
            if (mtuElement.ValueKind != JsonValueKind.Number || !mtuElement.TryGetInt32(out mtu) || mtu < 576 || mtu > 65535)
            {
                return Fail($"mtu: {mtuElement.GetRawText()} must be an integer between 576 and 65535");
            }
        }

        var prefix = WeftConfig.DefaultHostPrefix;
        if (config.TryGetProperty("hostInterfacePrefix", out var prefixElement))
        {
            prefix = prefixElement.ValueKind == JsonValueKind.String ? prefixElement.GetString()! : string.Empty;
            if (prefix.Length is < 1 or > 8 || !prefix.All(char.IsAsciiLetterOrDigit))
            {
                return Fail($"hostInterfacePrefix: '{prefix}' must be 1 to 8 letters or digits");
            }
        }

        if (!config.TryGetProperty("ipam", out var ipam) || ipam.ValueKind != JsonValueKind.Object)
        {
            return Fail("ipam: the weft plugin needs an ipam section (for example {\"type\": \"weft-ipam\", \"subnet\": \"10.244.1.0/24\"})");
        }

        var type = CniJson.String(ipam, "type");
        if (string.IsNullOrEmpty(type) || type.Contains('/', StringComparison.Ordinal) || type is "." or "..")
        {
            return Fail("ipam.type: must name an IPAM plugin in CNI_PATH");
        }

        return (new WeftConfig { Mtu = mtu, HostInterfacePrefix = prefix, IpamType = type }, null);
    }

    private static (WeftConfig?, CniError?) Fail(string message) => (null, CniError.InvalidConfig(message));
}
