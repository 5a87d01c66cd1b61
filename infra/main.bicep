targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name the resource group and derive resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Object ID of the deploying user or service principal; gets read-only data roles on storage (to inspect the ledger) and Key Vault Secrets Officer (to set the Binance keys). Empty to skip.')
param principalId string = ''

@description('Type of principalId: User, or ServicePrincipal when provisioning from CI (azd sets AZURE_PRINCIPAL_TYPE).')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Bot__Mode of the deployed bot. Simulated needs the local simulator, so Azure starts in Paper (no keys) by default.')
@allowed([
  'Paper'
  'Testnet'
  'Live'
])
param botMode string = 'Paper'

@description('Bot__Symbols: comma-separated Binance Spot symbols.')
param botSymbols string = 'BTCUSDT,ETHUSDT'

@description('TradeCycle__Schedule: six-field NCRONTAB, UTC.')
param tradeCycleSchedule string = '0 * * * * *'

@description('Reconcile__Schedule: six-field NCRONTAB, UTC (daily at 00:00 by default).')
param reconcileSchedule string = '0 0 0 * * *'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${resourceToken}'
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
  }
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultUri: keyVault.outputs.uri
    botMode: botMode
    botSymbols: botSymbols
    tradeCycleSchedule: tradeCycleSchedule
    reconcileSchedule: reconcileSchedule
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_FUNCTION_APP_URL string = functions.outputs.url
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
