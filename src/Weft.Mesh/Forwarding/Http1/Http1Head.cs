namespace Weft.Mesh.Forwarding.Http1;

/// <summary>
/// One parsed HTTP/1.1 message head (request or response), kept as offsets into a copy of its bytes so forwarding
/// can write the kept lines back out unchanged. One instance per connection direction, reused for every message.
/// </summary>
internal sealed class Http1Head
{
    private const int MaxHeaderLines = 128;

    public byte[] Bytes { get; private set; } = new byte[1024];

    /// <summary>Bytes of the head including the final empty line.</summary>
    public int Length { get; private set; }

    /// <summary>Length of the start line including its CRLF.</summary>
    public int StartLineLength { get; set; }

    public int MethodLength { get; set; }

    public int TargetStart { get; set; }

    public int TargetLength { get; set; }

    /// <summary>Response status code (0 for requests).</summary>
    public int StatusCode { get; set; }

    /// <summary>The response said HTTP/1.0.</summary>
    public bool Http10 { get; set; }

    public BodyFraming Framing { get; set; }

    public long ContentLength { get; set; }

    /// <summary>The sender wants the connection closed after this message (Connection: close, or HTTP/1.0 without keep-alive).</summary>
    public bool Close { get; set; }

    /// <summary>A Connection header names other headers, which are hop-by-hop for this message.</summary>
    public bool ConnectionOptions { get; set; }

    /// <summary>A response carried Transfer-Encoding and Content-Length: the latter is not forwarded.</summary>
    public bool DropContentLength { get; set; }

    public int HostStart { get; set; }

    public int HostLength { get; set; }

    internal HeaderLine[] Lines { get; } = new HeaderLine[MaxHeaderLines];

    public int LineCount { get; set; }

    public ReadOnlySpan<byte> Span => Bytes.AsSpan(0, Length);

    public ReadOnlySpan<byte> Method => Bytes.AsSpan(0, MethodLength);

    public ReadOnlySpan<byte> Target => Bytes.AsSpan(TargetStart, TargetLength);

    public ReadOnlySpan<byte> Host => Bytes.AsSpan(HostStart, HostLength);

    /// <summary>The value of the first header line named <paramref name="name"/> (ASCII case-insensitive), or empty.</summary>
    public ReadOnlySpan<byte> HeaderValue(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < LineCount; i++)
        {
            ref readonly var line = ref Lines[i];
            if (System.Text.Ascii.EqualsIgnoreCase(Name(line), name)) return Value(line);
        }

        return default;
    }

    /// <summary>Copies <paramref name="head"/> in and clears every parsed field.</summary>
    public void Load(System.Buffers.ReadOnlySequence<byte> head)
    {
        var length = checked((int)head.Length);
        if (Bytes.Length < length) Bytes = new byte[Math.Max(length, Bytes.Length * 2)];
        System.Buffers.BuffersExtensions.CopyTo(head, Bytes);
        Reset(length);
    }

    public void Load(ReadOnlySpan<byte> head)
    {
        if (Bytes.Length < head.Length) Bytes = new byte[Math.Max(head.Length, Bytes.Length * 2)];
        head.CopyTo(Bytes);
        Reset(head.Length);
    }

    /// <summary>Adds a header line; false when there are more lines than the limit.</summary>
    public bool AddLine(HeaderLine line)
    {
        if (LineCount == Lines.Length) return false;
        Lines[LineCount++] = line;
        return true;
    }

    public ReadOnlySpan<byte> Name(in HeaderLine line) => Bytes.AsSpan(line.Start, line.NameLength);

    public ReadOnlySpan<byte> Value(in HeaderLine line) => Bytes.AsSpan(line.ValueStart, line.ValueLength);

    /// <summary>The whole line with its CRLF, as it is written out when kept.</summary>
    public ReadOnlySpan<byte> Line(in HeaderLine line) => Bytes.AsSpan(line.Start, line.Length);

    private void Reset(int length)
    {
        Length = length;
        StartLineLength = MethodLength = TargetStart = TargetLength = StatusCode = HostStart = HostLength = LineCount = 0;
        Http10 = Close = ConnectionOptions = DropContentLength = false;
        Framing = BodyFraming.None;
        ContentLength = 0;
    }
}
