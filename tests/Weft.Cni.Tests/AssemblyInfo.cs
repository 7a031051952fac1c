// The CNI plugins and their tests are Linux-only (network namespaces, iproute2).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
