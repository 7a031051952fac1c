namespace Weft.Local.Tests.Cluster;

/// <summary>Small manifests for the end-to-end tests, written to a temporary directory.</summary>
internal static class Manifests
{
    public static string Echo(string name, int replicas, string ns = "demo") => $$"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{ns}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: echo
                image: weft/echo
                ports:
                - {name: http, containerPort: 80}
                - {name: udp, containerPort: 81, protocol: UDP}
                readinessProbe:
                  tcpSocket: {port: http}
                  periodSeconds: 1
        """;

    public static string CommandPod(string name, string command, string ns = "demo") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          containers:
          - name: main
            command: ["{{command}}"]
            args: ["3600"]
        """;

    /// <summary>One directory per test run for every manifest it writes, removed when the test process exits.</summary>
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), $"weft-e2e-manifests-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a file still open elsewhere
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return root;
    });

    public static string Write(params string[] documents)
    {
        var dir = Path.Combine(Root.Value, Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "manifest.yaml");
        File.WriteAllText(file, string.Join("\n---\n", documents));
        return file;
    }
}
