namespace Weft.Mesh.Tests.Support;

/// <summary>
/// A span as an OTLP receiver sees it, decoded from an ExportTraceServiceRequest (opentelemetry-proto
/// trace/v1/trace.proto) by a small protobuf wire reader: only the fields the tests look at.
/// </summary>
internal sealed record OtlpSpan(string ServiceName, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, int StatusCode, IReadOnlyDictionary<string, string> Attributes)
{
    public const int KindServer = 2;
    public const int KindClient = 3;

    public static IReadOnlyList<OtlpSpan> Decode(byte[] request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1) continue; // ExportTraceServiceRequest.resource_spans
            var service = "";
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1) service = ReadAttributes(value, 1).GetValueOrDefault("service.name", ""); // Resource.attributes
                if (f != 2) continue; // ResourceSpans.scope_spans
                foreach (var (g, span) in Fields(value))
                {
                    if (g == 2) spans.Add(DecodeSpan(service, span)); // ScopeSpans.spans
                }
            }
        }

        return spans;
    }

    private static OtlpSpan DecodeSpan(string service, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int kind = 0, status = 0;
        foreach (var (f, value) in Fields(span))
        {
            switch (f)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(value); break;
                case 6: kind = (int)Varint(value, 0, out _); break;
                case 15: status = Fields(value).Where(s => s.Field == 3).Select(s => (int)Varint(s.Value, 0, out _)).FirstOrDefault(); break;
            }
        }

        return new OtlpSpan(service, traceId, spanId, parent, name, kind, status, ReadAttributes(span, 9));
    }

    /// <summary>KeyValue{key=1, value=2: AnyValue{string=1, bool=2, int=3}} fields numbered <paramref name="field"/>, values as text.</summary>
    private static Dictionary<string, string> ReadAttributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (f, keyValue) in Fields(message))
        {
            if (f != field) continue;
            string key = "", text = "";
            foreach (var (g, part) in Fields(keyValue))
            {
                if (g == 1) key = System.Text.Encoding.UTF8.GetString(part);
                if (g != 2) continue;
                foreach (var (h, any) in Fields(part))
                {
                    text = h switch
                    {
                        1 => System.Text.Encoding.UTF8.GetString(any),
                        2 or 3 => Varint(any, 0, out _).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => text,
                    };
                }
            }

            attributes[key] = text;
        }

        return attributes;
    }

    /// <summary>The fields of one message; varint and fixed values are returned as their raw bytes.</summary>
    private static List<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var i = 0;
        while (i < message.Length)
        {
            var tag = Varint(message, i, out i);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    var start = i;
                    Varint(message, i, out i);
                    fields.Add((field, message[start..i]));
                    break;
                case 1:
                    fields.Add((field, message[i..(i + 8)]));
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, i, out i);
                    fields.Add((field, message[i..(i + length)]));
                    i += length;
                    break;
                case 5:
                    fields.Add((field, message[i..(i + 4)]));
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {tag & 7} at {i}");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] data, int at, out int next)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) break;
            shift += 7;
        }

        next = at;
        return value;
    }
}
