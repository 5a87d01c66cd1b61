@description('Key Vault for the Binance API key and secret (RBAC authorization, soft delete and purge protection).')
param name string

@description('Recover the soft-deleted vault of this name (after azd down) instead of creating one: its secrets come back with it.')
param recover bool = false
param location string
param tags object

@description('Log Analytics workspace that receives the vault\'s AuditEvent log: every secret read, by whom.')
param logAnalyticsWorkspaceId string

@secure()
@description('Alerts__WebhookUrl, kept as the secret alerts-webhook-url (the URL often carries its own token); empty: no secret.')
param alertsWebhookUrl string = ''

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

// Who read which secret, and when: Key Vault's AuditEvent log in the workspace, kept with the app's telemetry.
resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(alertsWebhookUrl)) {
  parent: vault
  name: 'alerts-webhook-url'
  properties: {
    value: alertsWebhookUrl
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
