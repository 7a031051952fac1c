using System.Net;

namespace Weft.Flows.Enrichment;

/// <summary>A service's frontend (cluster IP or other VIP, port, protocol) and the service's <c>namespace/name</c>.</summary>
public sealed record ServiceFrontend(IPAddress Address, int Port, IpProtocol Protocol, string ServiceName);
