using System.Text;

namespace Weft.Local.Apps.Grpc;

/// <summary>
/// The echo service's messages in protobuf wire format, encoded by hand (no protobuf library here) so any gRPC
/// client with this schema can call the app:
/// <code>
/// package weft.echo;
/// service Echo {
///   rpc Echo(EchoRequest) returns (EchoReply);      // answers with the message and who answered
///   rpc Status(StatusRequest) returns (EchoReply);  // answers with grpc-status = code, grpc-message = message
/// }
/// message EchoRequest   { string message = 1; }
/// message EchoReply     { string message = 1; string pod = 2; string namespace = 3; string client = 4; }
/// message StatusRequest { uint32 code = 1; string message = 2; }
/// </code>
/// Only varint (wire type 0) and length-delimited (wire type 2) fields occur; unknown fields are skipped, as
/// protobuf requires.
/// </summary>
public static class EchoProto
{
    public const string Service = "weft.echo.Echo";
    public const string EchoMethod = "/weft.echo.Echo/Echo";
    public const string StatusMethod = "/weft.echo.Echo/Status";

    public static byte[] EncodeStrings(params (int Field, string Value)[] fields)
    {
        using var output = new MemoryStream();
        foreach (var (field, value) in fields)
        {
            if (value.Length == 0) continue; // proto3 leaves default values out
            var bytes = Encoding.UTF8.GetBytes(value);
            WriteVarint(output, ((ulong)field << 3) | 2);
            WriteVarint(output, (ulong)bytes.Length);
            output.Write(bytes);
        }

        return output.ToArray();
    }

    public static byte[] EncodeStatusRequest(uint code, string message)
    {
        using var output = new MemoryStream();
        if (code != 0)
        {
            WriteVarint(output, (1 << 3) | 0);
            WriteVarint(output, code);
        }

        output.Write(EncodeStrings((2, message)));
        return output.ToArray();
    }

    /// <summary>Decodes the fields of a message: strings by number, varints by number; false on malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out Dictionary<int, string> strings, out Dictionary<int, ulong> varints)
    {
        strings = [];
        varints = [];
        var i = 0;
        while (i < data.Length)
        {
            if (!TryReadVarint(data, ref i, out var key)) return false;
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    if (!TryReadVarint(data, ref i, out var value)) return false;
                    varints[field] = value;
                    break;
                case 2:
                    if (!TryReadVarint(data, ref i, out var length) || length > (ulong)(data.Length - i)) return false;
                    strings[field] = Encoding.UTF8.GetString(data.Slice(i, (int)length));
                    i += (int)length;
                    break;
                case 1:
                    i += 8;
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    return false;
            }
        }

        return i == data.Length;
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int i, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (i >= data.Length) return false;
            var b = data[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return true;
        }

        return false;
    }
}
