using Weft.Api.Resources;

namespace Weft.Services.Endpoints;

/// <summary>
/// Resolves a service port's targetPort against one pod, as the EndpointSlice controller does
/// (k8s.io/kubernetes pkg/api/v1/pod FindPort): a number is used as is, a name must match a container port of
/// the same protocol, otherwise the pod has no endpoint for that service port.
/// </summary>
internal static class TargetPortResolver
{
    public static int? Resolve(ServicePort servicePort, Pod pod)
    {
        var target = servicePort.TargetPort ?? IntOrString.FromNumber(servicePort.Port);
        if (!target.IsName)
        {
            return target.Number == 0 ? servicePort.Port : target.Number;
        }

        foreach (var container in pod.Spec.Containers)
        {
            foreach (var port in container.Ports)
            {
                if (string.Equals(port.Name, target.Name, StringComparison.Ordinal) && port.Protocol == servicePort.Protocol)
                {
                    return port.Port;
                }
            }
        }

        return null;
    }
}
