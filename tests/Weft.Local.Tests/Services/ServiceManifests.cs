namespace Weft.Local.Tests.Services;

/// <summary>The demo namespace used by the service tests: an echo deployment behind several kinds of service.</summary>
internal static class ServiceManifests
{
    public const int NodePort = 30080;

    public static string Web(int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: demo
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
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

    public static string Demo(int replicas) => $$"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: demo
        ---
        {{Web(replicas)}}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: demo
        spec:
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: http}
          - {name: echo-udp, port: 81, targetPort: 81, protocol: UDP}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: sticky
          namespace: demo
        spec:
          selector: {app: web}
          sessionAffinity: ClientIP
          ports:
          - {name: http, port: 80, targetPort: http}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web-np
          namespace: demo
        spec:
          type: NodePort
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: http, nodePort: {{NodePort}}}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web-headless
          namespace: demo
        spec:
          clusterIP: None
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: http}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: ext
          namespace: demo
        spec:
          type: ExternalName
          externalName: example.org
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: client
          namespace: demo
        spec:
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        """;

    public const string Sticky = """
        apiVersion: v1
        kind: Service
        metadata:
          name: sticky
          namespace: demo
        spec:
          selector: {app: web}
          sessionAffinity: ClientIP
          ports:
          - {name: http, port: 80, targetPort: http}
        """;

    /// <summary>A pod the web services select whose readiness probe never passes (nothing listens on 9).</summary>
    public const string Unready = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: unready
          namespace: demo
          labels: {app: web}
        spec:
          containers:
          - name: echo
            image: weft/echo
            ports:
            - {name: http, containerPort: 80}
            readinessProbe:
              tcpSocket: {port: 9}
              periodSeconds: 1
        """;

    public static string Conflict(string clusterIp) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: thief
          namespace: demo
        spec:
          clusterIP: {{clusterIp}}
          selector: {app: web}
          ports:
          - {port: 80}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: bystander
          namespace: demo
        spec:
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        """;
}
