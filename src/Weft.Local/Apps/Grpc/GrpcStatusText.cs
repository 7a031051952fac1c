using System.Text;

namespace Weft.Local.Apps.Grpc;

/// <summary>
/// grpc-message is percent-encoded UTF-8 (grpc/doc/PROTOCOL-HTTP2.md: bytes outside 0x20–0x7E, and '%', as %XX).
/// </summary>
public static class GrpcStatusText
{
    public static string Encode(string message)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7e && b != (byte)'%') text.Append((char)b);
            else text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static string Decode(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length
                && byte.TryParse(encoded.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)encoded[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
