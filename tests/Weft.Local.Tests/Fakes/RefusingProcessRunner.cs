using Weft.Datapath.Linux.Abstractions;

namespace Weft.Local.Tests.Fakes;

/// <summary>For runtime tests without pods: any process start is a test bug.</summary>
internal sealed class RefusingProcessRunner : IProcessRunner
{
    public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"unexpected process {request.FileName} {string.Join(' ', request.Arguments)}");
}
