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

    public static string Write(params string[] documents)
    {
        var dir = Path.Combine(Path.GetTempPath(), "weft-e2e-manifests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "manifest.yaml");
        File.WriteAllText(file, string.Join("\n---\n", documents));
        return file;
    }
}
