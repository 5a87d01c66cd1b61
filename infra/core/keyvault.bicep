@description('Key Vault for the Binance API key and secret (RBAC authorization, soft delete and purge protection).')
param name string

@description('Recover the soft-deleted vault of this name (after azd down) instead of creating one: its secrets come back with it.')
param recover bool = false
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    createMode: recover ? 'recover' : 'default'
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
