using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Weft.Mesh.Identity;

/// <summary>Reads URI entries of a subjectAltName extension (RFC 5280 §4.2.1.6, GeneralName [6] IA5String);
/// .NET's X509SubjectAlternativeNameExtension enumerates DNS names and IPs only.</summary>
internal static class SubjectAltNames
{
    private const string SanOid = "2.5.29.17";

    /// <summary>A subjectAltName extension holding exactly <paramref name="uri"/>, byte for byte (System.Uri would add a trailing '/').</summary>
    public static X509Extension BuildUri(string uri, bool critical)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
        }

        return new X509Extension(SanOid, writer.Encode(), critical);
    }

    /// <summary>The certificate's SPIFFE URI SAN, "" when it has none (for a certificate that already passed validation).</summary>
    public static string SpiffeUri(X509Certificate? certificate)
    {
        if (certificate is null) return "";
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        foreach (var uri in Uris(leaf))
        {
            if (uri.StartsWith("spiffe:", StringComparison.OrdinalIgnoreCase)) return uri;
        }

        return "";
    }

    public static IReadOnlyList<string> Uris(X509Certificate2 certificate)
    {
        foreach (var ext in certificate.Extensions)
        {
            if (ext.Oid?.Value == SanOid) return Uris(ext.RawData);
        }

        return [];
    }

    public static IReadOnlyList<string> Uris(IEnumerable<X509Extension> extensions)
    {
        foreach (var ext in extensions)
        {
            if (ext.Oid?.Value == SanOid) return Uris(ext.RawData);
        }

        return [];
    }

    public static IReadOnlyList<string> Uris(byte[] sanExtensionValue)
    {
        var result = new List<string>();
        try
        {
            var reader = new AsnReader(sanExtensionValue, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag == uriTag)
                    result.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                else
                    names.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return result;
    }
}
