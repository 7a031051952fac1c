using System.Text;
using System.Text.Json;
using Weft.Cni.Spec;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Cni.Plugin;

/// <summary>
/// Delegation as the reference plugins do it (libcni invoke.DelegateAdd…): find the binary named by
/// <c>ipam.type</c> in CNI_PATH, run it with the same environment and the same configuration on stdin, and
/// read its result or error from stdout.
/// </summary>
public sealed class ExecIpamDelegate(IProcessRunner runner) : IIpamDelegate
{
    public async Task<CniOutcome> InvokeAsync(CniRequest request, string type, CancellationToken cancellationToken)
    {
        var binary = request.Path.Select(dir => Path.Combine(dir, type)).FirstOrDefault(File.Exists);
        if (binary is null)
        {
            return CniOutcome.Failure(CniError.InvalidConfig(
                $"ipam.type: failed to find plugin \"{type}\" in path [{string.Join(" ", request.Path)}]"));
        }

        var environment = new Dictionary<string, string>(request.Environment)
        {
            ["CNI_COMMAND"] = request.Command.ToString().ToUpperInvariant(),
        };
        var result = await runner.RunAsync(new ProcessRequest
        {
            FileName = binary,
            Environment = environment,
            StandardInput = Encoding.UTF8.GetString(request.Stdin),
            Timeout = TimeSpan.FromMinutes(2),
        }, cancellationToken);

        if (!result.Succeeded)
        {
            return CniOutcome.Failure(ReadError(type, result));
        }

        if (request.Command != CniCommand.Add)
        {
            return CniOutcome.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            return CniJson.TryReadResult(document.RootElement, out var ipamResult, out var why)
                ? CniOutcome.Success(ipamResult!)
                : CniOutcome.Failure(new CniError(CniErrorCode.IpamDelegateFailed, $"IPAM plugin {type} returned an unusable result", why));
        }
        catch (JsonException e)
        {
            return CniOutcome.Failure(new CniError(CniErrorCode.IpamDelegateFailed, $"IPAM plugin {type} returned invalid JSON", e.Message));
        }
    }

    /// <summary>Passes the delegate's own error through unchanged, as the reference plugins do.</summary>
    private static CniError ReadError(string type, ProcessResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            var root = document.RootElement;
            if (root.TryGetProperty("code", out var code) && code.TryGetInt32(out var value))
            {
                return new CniError(CniErrorCode.IpamDelegateFailed, CniJson.String(root, "msg") ?? $"IPAM plugin {type} failed",
                    CniJson.String(root, "details")) { RawCode = value };
            }
        }
        catch (JsonException)
        {
            // Not a spec error object; report what we have below.
        }

        return new CniError(CniErrorCode.IpamDelegateFailed, $"IPAM plugin {type} failed (exit {result.ExitCode})",
            (result.StandardOutput + " " + result.StandardError).Trim());
    }
}
