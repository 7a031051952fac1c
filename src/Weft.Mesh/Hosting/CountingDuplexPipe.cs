using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Weft.Mesh.Hosting;

/// <summary>Wraps a connection's transport to count bytes read and written (for tcp_*_bytes_total).</summary>
internal sealed class CountingDuplexPipe : IDuplexPipe
{
    private long _read;
    private long _written;

    public CountingDuplexPipe(IDuplexPipe inner)
    {
        Input = new Reader(inner.Input, this);
        Output = new Writer(inner.Output, this);
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public long ReadBytes => Interlocked.Read(ref _read);

    public long WrittenBytes => Interlocked.Read(ref _written);

    private sealed class Reader(PipeReader inner, CountingDuplexPipe owner) : PipeReader
    {
        private ReadOnlySequence<byte> _last;

        public override void AdvanceTo(SequencePosition consumed)
        {
            Count(consumed);
            inner.AdvanceTo(consumed);
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            Count(consumed);
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            _last = result.Buffer;
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result)) return false;
            _last = result.Buffer;
            return true;
        }

        private void Count(SequencePosition consumed)
        {
            if (_last.IsEmpty) return;
            Interlocked.Add(ref owner._read, _last.Slice(_last.Start, consumed).Length);
            _last = default;
        }
    }

    private sealed class Writer(PipeWriter inner, CountingDuplexPipe owner) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            Interlocked.Add(ref owner._written, bytes);
            inner.Advance(bytes);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref owner._written, source.Length);
            return inner.WriteAsync(source, cancellationToken);
        }
    }
}
