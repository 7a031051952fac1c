using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Weft.Api.Validation;

/// <summary>
/// The name rules of Kubernetes (apimachinery's <c>validation</c> package): each check returns null when the
/// value is valid, or the reason it is not, worded like the API server's messages.
/// </summary>
public static partial class KubernetesNames
{
    private const int LabelMaxLength = 63;
    private const int SubdomainMaxLength = 253;
    private const int IanaServiceNameMaxLength = 15;

    /// <summary>RFC 1123 label: namespaces, container names, service port names.</summary>
    public static string? CheckDns1123Label(string value)
    {
        if (value.Length > LabelMaxLength)
        {
            return $"must be no more than {LabelMaxLength} characters";
        }

        return Dns1123Label().IsMatch(value)
            ? null
            : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
    }

    /// <summary>RFC 1123 subdomain: names of most objects (pods, policies, deployments).</summary>
    public static string? CheckDns1123Subdomain(string value)
    {
        if (value.Length > SubdomainMaxLength)
        {
            return $"must be no more than {SubdomainMaxLength} characters";
        }

        return Dns1123Subdomain().IsMatch(value)
            ? null
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";
    }

    /// <summary>RFC 1035 label: service names (they become DNS labels that must not start with a digit).</summary>
    public static string? CheckDns1035Label(string value)
    {
        if (value.Length > LabelMaxLength)
        {
            return $"must be no more than {LabelMaxLength} characters";
        }

        return Dns1035Label().IsMatch(value)
            ? null
            : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123')";
    }

    /// <summary>A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static string? CheckQualifiedName(string value)
    {
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                if (parts[0].Length == 0)
                {
                    return "prefix part must be non-empty";
                }

                if (CheckDns1123Subdomain(parts[0]) is { } prefixError)
                {
                    return "prefix part " + prefixError;
                }

                name = parts[1];
                break;
            default:
                return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > LabelMaxLength)
        {
            return $"name part must be no more than {LabelMaxLength} characters";
        }

        return QualifiedNamePart().IsMatch(name)
            ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')";
    }

    /// <summary>A label value: empty, or at most 63 characters of the qualified-name alphabet.</summary>
    public static string? CheckLabelValue(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > LabelMaxLength)
        {
            return $"must be no more than {LabelMaxLength} characters";
        }

        return QualifiedNamePart().IsMatch(value)
            ? null
            : "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345')";
    }

    /// <summary>
    /// IANA_SVC_NAME (RFC 6335 section 5.1), the rule for named container ports and NetworkPolicy named ports:
    /// at most 15 characters, lower case letters, digits and '-', at least one letter, no leading, trailing or double '-'.
    /// </summary>
    public static string? CheckIanaServiceName(string value)
    {
        if (value.Length == 0)
        {
            return "must not be empty";
        }

        if (value.Length > IanaServiceNameMaxLength)
        {
            return $"must be no more than {IanaServiceNameMaxLength} characters";
        }

        foreach (var c in value)
        {
            if (c is not (>= 'a' and <= 'z') and not (>= '0' and <= '9') and not '-')
            {
                return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
            }
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            return "must not contain consecutive hyphens";
        }

        if (!value.Any(c => c is >= 'a' and <= 'z'))
        {
            return "must contain at least one letter (a-z)";
        }

        if (value[0] == '-' || value[^1] == '-')
        {
            return "must not begin or end with a hyphen";
        }

        return null;
    }

    /// <summary>
    /// Parses an IP address the way Kubernetes accepts them: dotted-quad IPv4 or IPv6 text, no zone, no shorthand
    /// such as "10.1" or hexadecimal octets that <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> tolerates.
    /// </summary>
    public static bool TryParseIp(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork && !StrictIPv4().IsMatch(text))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StrictIPv4();
}
