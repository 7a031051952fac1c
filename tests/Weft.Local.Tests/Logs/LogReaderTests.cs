using System.Text;
using Weft.Local.Logs;
using Weft.Local.Tests.Fakes;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Logs;

public sealed class LogReaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("wtapp-log-").FullName, "app.log");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public async Task CopyAsync_WithoutFollow_CopiesWholeLog()
    {
        await File.WriteAllTextAsync(_path, "one\ntwo\n");
        var output = new StringWriter();

        await new LogReader(TimeProvider.System).CopyAsync(_path, output, follow: false, tailLines: null, CancellationToken.None);

        output.ToString().ShouldBe("one\ntwo\n");
    }

    [Theory]
    [InlineData(1, "three\n")]
    [InlineData(2, "two\nthree\n")]
    [InlineData(10, "one\ntwo\nthree\n")]
    [InlineData(0, "")]
    public async Task CopyAsync_Tail_CopiesLastLines(int lines, string expected)
    {
        await File.WriteAllTextAsync(_path, "one\ntwo\nthree\n");
        var output = new StringWriter();

        await new LogReader(TimeProvider.System).CopyAsync(_path, output, follow: false, tailLines: lines, CancellationToken.None);

        output.ToString().ShouldBe(expected);
    }

    [Fact]
    public async Task CopyAsync_Follow_PicksUpAppendedLinesOnEachPoll()
    {
        await File.WriteAllTextAsync(_path, "first\n");
        var time = new ManualTimeProvider();
        var output = new SynchronizedWriter();
        using var stop = new CancellationTokenSource();
        var following = new LogReader(time, TimeSpan.FromSeconds(1)).CopyAsync(_path, output, follow: true, tailLines: null, stop.Token);
        await Eventually.Until(() => output.Text == "first\n" && time.PendingTimers == 1, "initial copy");

        await File.AppendAllTextAsync(_path, "second\n");
        time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.Until(() => output.Text == "first\nsecond\n", "appended line");
        await stop.CancelAsync();
        await following;
    }

    private sealed class SynchronizedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            lock (_text)
            {
                _text.Append(buffer.Span);
            }

            return Task.CompletedTask;
        }
    }
}
