using MailGrains.Tenants;

namespace MailGrains.Grains.Tenants;

internal sealed class TenantRegistryGrain(
    [PersistentState(StateNames.TenantRegistry, StorageNames.Grains)] IPersistentState<TenantRegistryState> state) : Grain, ITenantRegistryGrain
{
    public async Task RegisterAsync(string tenantId)
    {
        if (state.State.TenantIds.Add(tenantId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task UnregisterAsync(string tenantId)
    {
        if (state.State.TenantIds.Remove(tenantId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.TenantIds]);
}
