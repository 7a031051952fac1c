namespace Weft.Mesh.Forwarding.Http1;

/// <summary>
/// Finds the end of a chunked body (RFC 9112 §7.1) while the bytes are forwarded unchanged: chunk sizes, extensions,
/// data, the last chunk and the trailer section. Bounded: chunk-size ≤ 15 hex digits, each size/extension/trailer
/// line ≤ <see cref="MaxLineLength"/> bytes. A state machine over arbitrary splits of the input.
/// </summary>
internal struct ChunkedScanner
{
    public const int MaxLineLength = 8192;

    private State _state;
    private long _remaining;
    private int _digits;
    private int _lineLength;

    private enum State : byte
    {
        Size,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerStart,
        Trailer,
        TrailerLf,
        FinalLf,
        Done,
        Invalid,
    }

    public readonly bool IsDone => _state == State.Done;

    /// <summary>
    /// Scans <paramref name="data"/>; returns how many bytes belong to the body (all of them, or up to and including the
    /// final CRLF when it ends here), or -1 when the framing is invalid.
    /// </summary>
    public int Scan(ReadOnlySpan<byte> data) => Run(data, null);

    /// <summary>
    /// As <see cref="Scan"/>, and the chunks' data (without the framing) goes to <paramref name="body"/>: the body as an
    /// HTTP/2 peer gets it. Trailer fields are consumed and not kept.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> data, System.Buffers.IBufferWriter<byte> body) => Run(data, body);

    private int Run(ReadOnlySpan<byte> data, System.Buffers.IBufferWriter<byte>? body)
    {
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.Data:
                    var take = (int)Math.Min(_remaining, data.Length - i);
                    if (body is not null) System.Buffers.BuffersExtensions.Write(body, data.Slice(i, take));
                    i += take;
                    _remaining -= take;
                    if (_remaining == 0) _state = State.DataCr;
                    continue;
                case State.Done:
                    return i;
                case State.Invalid:
                    return -1;
                default:
                    Step(data[i++]);
                    if (_state == State.Invalid) return -1;
                    if (_state == State.Done) return i;
                    continue;
            }
        }

        return i;
    }

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.Size:
                var hex = HexValue(b);
                if (hex >= 0)
                {
                    if (++_digits > 15) { _state = State.Invalid; return; }
                    _remaining = (_remaining << 4) | (uint)hex;
                }
                else if (_digits == 0)
                {
                    _state = State.Invalid;
                }
                else if (b == (byte)'\r')
                {
                    _state = State.SizeLf;
                }
                else if (b is (byte)';' or (byte)' ' or (byte)'\t')
                {
                    _state = State.Extension;
                    _lineLength = 0;
                }
                else
                {
                    _state = State.Invalid;
                }

                break;
            case State.Extension:
                if (b == (byte)'\r') _state = State.SizeLf;
                else if (b == (byte)'\n' || ++_lineLength > MaxLineLength) _state = State.Invalid;
                break;
            case State.SizeLf:
                if (b != (byte)'\n') { _state = State.Invalid; return; }
                _digits = 0;
                _state = _remaining == 0 ? State.TrailerStart : State.Data;
                break;
            case State.DataCr:
                _state = b == (byte)'\r' ? State.DataLf : State.Invalid;
                break;
            case State.DataLf:
                _state = b == (byte)'\n' ? State.Size : State.Invalid;
                break;
            case State.TrailerStart:
                _lineLength = 0;
                _state = b == (byte)'\r' ? State.FinalLf : b == (byte)'\n' ? State.Invalid : State.Trailer;
                break;
            case State.Trailer:
                if (b == (byte)'\r') _state = State.TrailerLf;
                else if (b == (byte)'\n' || ++_lineLength > MaxLineLength) _state = State.Invalid;
                break;
            case State.TrailerLf:
                _state = b == (byte)'\n' ? State.TrailerStart : State.Invalid;
                break;
            case State.FinalLf:
                _state = b == (byte)'\n' ? State.Done : State.Invalid;
                break;
            default:
                _state = State.Invalid;
                break;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
