namespace Weft.Local.Tests.Flows;

/// <summary>The flow tests' namespace: two echo pods behind a service and two labelled client pods.</summary>
internal static class FlowManifests
{
    public const string Namespace = "flows";

    public const string Demo = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: flows
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: flows
        spec:
          replicas: 2
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
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: flows
        spec:
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: http}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: alpha
          namespace: flows
          labels: {app: alpha}
        spec:
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: beta
          namespace: flows
          labels: {app: beta}
        spec:
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        """;
}
