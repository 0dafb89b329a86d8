using MailGrains.Activities;

namespace MailGrains.Gateway.Api;

/// <summary>
/// The route constraints <c>{id:mgid}</c> (<see cref="Ids"/>) and <c>{id:activityid}</c> (<see cref="ActivityIds"/>):
/// a route whose id is malformed does not exist (404). Where a request's fields are reported anyway (a body,
/// query values), the route takes any id and <see cref="MailGrainsIdAttribute"/> names a malformed one (400).
/// </summary>
internal static class RouteIds
{
    public static IServiceCollection AddRouteIds(this IServiceCollection services)
        => services.Configure<RouteOptions>(o =>
        {
            o.SetParameterPolicy<MailGrainsIdConstraint>("mgid");
            o.SetParameterPolicy<ActivityIdConstraint>("activityid");
        });

    private abstract class IdConstraint(Func<string?, bool> isValid) : IRouteConstraint
    {
        public bool Match(
            HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection _)
            => values.TryGetValue(routeKey, out var value) && isValid(value as string);
    }

    private sealed class MailGrainsIdConstraint() : IdConstraint(Ids.IsValid);

    private sealed class ActivityIdConstraint() : IdConstraint(ActivityIds.IsWellFormed);
}
