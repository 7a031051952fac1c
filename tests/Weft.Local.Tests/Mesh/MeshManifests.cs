namespace Weft.Local.Tests.Mesh;

/// <summary>
/// The meshed namespace of the mesh e2e tests: injection enabled on the namespace, a two-replica echo server
/// (HTTP on 8080, line-echo TCP on 9000) behind a service, a meshed client with its own service account, and a plain client that opts out.
/// </summary>
internal static class MeshManifests
{
    public const string Namespace = "meshed";

    /// <summary>The demo with the server deployment at <paramref name="replicas"/> replicas.</summary>
    public static string DemoWithServers(int replicas) =>
        Demo.Replace("replicas: 2", "replicas: " + replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public const string Demo = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: meshed
          annotations: {weft.io/inject: enabled}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: server
          namespace: meshed
        spec:
          replicas: 2
          selector:
            matchLabels: {app: server}
          template:
            metadata:
              labels: {app: server}
            spec:
              serviceAccountName: server
              containers:
              - name: echo
                image: weft/echo
                ports:
                - {name: http, containerPort: 8080}
                - {name: tcp-echo, containerPort: 9000}
                readinessProbe:
                  tcpSocket: {port: http}
                  periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: server
          namespace: meshed
        spec:
          selector: {app: server}
          ports:
          - {name: http, port: 80, targetPort: http}
          - {name: tcp, port: 9000, targetPort: tcp-echo}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: client
          namespace: meshed
        spec:
          serviceAccountName: client
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: plain
          namespace: meshed
          annotations: {weft.io/inject: disabled}
        spec:
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        """;

    /// <summary>
    /// gRPC through the sidecars: a meshed gRPC echo server (port named grpc) behind a service, a meshed client,
    /// and an unmeshed HTTP server the meshed client also calls (its outbound requests there carry no dst_id).
    /// </summary>
    public const string Grpc = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: meshed
          annotations: {weft.io/inject: enabled}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: meshed
        spec:
          replicas: 1
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              serviceAccountName: api
              containers:
              - name: echo
                image: weft/echo
                ports:
                - {name: grpc, containerPort: 9090}
                readinessProbe:
                  tcpSocket: {port: grpc}
                  periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: meshed
        spec:
          selector: {app: api}
          ports:
          - {name: grpc, port: 9090, targetPort: grpc}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: client
          namespace: meshed
        spec:
          serviceAccountName: client
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: legacy
          namespace: meshed
          labels: {app: legacy}
          annotations: {weft.io/inject: disabled}
        spec:
          containers:
          - name: echo
            image: weft/echo
            ports:
            - {name: http, containerPort: 8080}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: legacy
          namespace: meshed
        spec:
          selector: {app: legacy}
          ports:
          - {name: http, port: 80, targetPort: http}
        """;
}
