targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name the resource group and derive resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource: one where Flex Consumption is offered.')
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
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

// Every bot setting is a parameter mapped in main.parameters.json (azd env set NAME value), so provisioning
// re-applies what was set and never drops it. Secrets (the Binance keys, the Telegram token) live in Key Vault.
@description('Bot__Symbols: comma-separated Binance Spot symbols.')
param botSymbols string = 'BTCUSDT,ETHUSDT'

@description('Bot__ConfirmLive: see docs/configuration.md; empty keeps the default of the app.')
param botConfirmLive string = ''

@description('Bot__QuoteAsset: see docs/configuration.md; empty keeps the default of the app.')
param botQuoteAsset string = ''

@description('Bot__Account: see docs/configuration.md; empty keeps the default of the app.')
param botAccount string = ''

@description('TradeCycle__Schedule: six-field NCRONTAB, UTC.')
param tradeCycleSchedule string = '0 * * * * *'

@description('Reconcile__Schedule: six-field NCRONTAB, UTC.')
param reconcileSchedule string = '0 0 0 * * *'

@description('Reconcile__ToleranceQuote: see docs/configuration.md; empty keeps the default of the app.')
param reconcileToleranceQuote string = ''

@description('Reconcile__LookbackHours: see docs/configuration.md; empty keeps the default of the app.')
param reconcileLookbackHours string = ''

@description('Risk__MaxTradeQuote: see docs/configuration.md; empty keeps the default of the app.')
param riskMaxTradeQuote string = ''

@description('Risk__MaxLossPerTradeQuote: see docs/configuration.md; empty keeps the default of the app.')
param riskMaxLossPerTradeQuote string = ''

@description('Risk__DailyLossLimitQuote: see docs/configuration.md; empty keeps the default of the app.')
param riskDailyLossLimitQuote string = ''

@description('Risk__MaxOpenPositions: see docs/configuration.md; empty keeps the default of the app.')
param riskMaxOpenPositions string = ''

@description('Risk__CooldownMinutes: see docs/configuration.md; empty keeps the default of the app.')
param riskCooldownMinutes string = ''

@description('Risk__MinFreeQuote: see docs/configuration.md; empty keeps the default of the app.')
param riskMinFreeQuote string = ''

@description('Risk__BreakerFailures: see docs/configuration.md; empty keeps the default of the app.')
param riskBreakerFailures string = ''

@description('Risk__BreakerOpenSeconds: see docs/configuration.md; empty keeps the default of the app.')
param riskBreakerOpenSeconds string = ''

@description('Risk__RecoveryGraceSeconds: see docs/configuration.md; empty keeps the default of the app.')
param riskRecoveryGraceSeconds string = ''

@description('Strategy__Name: see docs/configuration.md; empty keeps the default of the app.')
param strategyName string = ''

@description('Strategy__Interval: see docs/configuration.md; empty keeps the default of the app.')
param strategyInterval string = ''

@description('Strategy__MaCrossover__FastPeriod: see docs/configuration.md; empty keeps the default of the app.')
param strategyFastPeriod string = ''

@description('Strategy__MaCrossover__SlowPeriod: see docs/configuration.md; empty keeps the default of the app.')
param strategySlowPeriod string = ''

@description('Strategy__MaCrossover__Average: see docs/configuration.md; empty keeps the default of the app.')
param strategyMaAverage string = ''

@description('Strategy__RsiReversion__Period: see docs/configuration.md; empty keeps the default of the app.')
param strategyRsiPeriod string = ''

@description('Strategy__RsiReversion__Oversold: see docs/configuration.md; empty keeps the default of the app.')
param strategyRsiOversold string = ''

@description('Strategy__RsiReversion__Overbought: see docs/configuration.md; empty keeps the default of the app.')
param strategyRsiOverbought string = ''

@description('Strategy__DonchianBreakout__EntryPeriod: see docs/configuration.md; empty keeps the default of the app.')
param strategyDonchianEntryPeriod string = ''

@description('Strategy__DonchianBreakout__ExitPeriod: see docs/configuration.md; empty keeps the default of the app.')
param strategyDonchianExitPeriod string = ''

@description('Strategy__DonchianBreakout__AtrPeriod: see docs/configuration.md; empty keeps the default of the app.')
param strategyDonchianAtrPeriod string = ''

@description('Strategy__DonchianBreakout__StopAtr: see docs/configuration.md; empty keeps the default of the app.')
param strategyDonchianStopAtr string = ''

@description('Strategy__DonchianBreakout__TakeProfitAtr: see docs/configuration.md; empty keeps the default of the app.')
param strategyDonchianTakeProfitAtr string = ''

@description('Strategy__TradeQuote: see docs/configuration.md; empty keeps the default of the app.')
param strategyTradeQuote string = ''

@description('Strategy__StopLossPercent: see docs/configuration.md; empty keeps the default of the app.')
param strategyStopLossPercent string = ''

@description('Strategy__TakeProfitPercent: see docs/configuration.md; empty keeps the default of the app.')
param strategyTakeProfitPercent string = ''

@description('Strategy__Protection: see docs/configuration.md; empty keeps the default of the app.')
param strategyProtection string = ''

@description('Strategy__StopLimitOffsetPercent: see docs/configuration.md; empty keeps the default of the app.')
param strategyStopLimitOffsetPercent string = ''

@description('Strategy__EntryOrderType: see docs/configuration.md; empty keeps the default of the app.')
@allowed(['', 'Limit', 'Market'])
param strategyEntryOrderType string = ''

@description('Strategy__MaxSlippagePercent: see docs/configuration.md; empty keeps the default of the app.')
param strategyMaxSlippagePercent string = ''

@description('Strategy__EntryProtection: see docs/configuration.md; empty keeps the default of the app.')
@allowed(['', 'Opoco', 'Separate'])
param strategyEntryProtection string = ''

@description('Binance__KeyType: see docs/configuration.md; empty keeps the default of the app (Auto: detected from the secret).')
@allowed(['', 'Auto', 'Hmac', 'Ed25519', 'Rsa'])
param binanceKeyType string = ''

@secure()
@description('Alerts__WebhookUrl: see docs/configuration.md; stored in Key Vault (the URL often carries a token) and set as a Key Vault reference; empty: no webhook.')
param alertsWebhookUrl string = ''

@description('Alerts__FailedCyclesInARow: see docs/configuration.md; empty keeps the default of the app.')
param alertsFailedCyclesInARow string = ''

@description('Alerts__BackOffMinutes: see docs/configuration.md; empty keeps the default of the app.')
param alertsBackOffMinutes string = ''

@description('Alerts__UnprotectedCycles: see docs/configuration.md; empty keeps the default of the app.')
param alertsUnprotectedCycles string = ''

@description('Alerts__Telegram__ChatId: see docs/configuration.md; empty keeps the default of the app.')
param alertsTelegramChatId string = ''

@description('Alerts__Telegram__BotTokenSecretName: see docs/configuration.md; empty keeps the default of the app.')
param alertsTelegramBotTokenSecretName string = ''

@description('Health__StaleAfterCycles: see docs/configuration.md; empty keeps the default of the app.')
param healthStaleAfterCycles string = ''

@description('Health__UnhealthyAfterCycles: see docs/configuration.md; empty keeps the default of the app.')
param healthUnhealthyAfterCycles string = ''

@description('KeyVault__ApiKeySecretName: see docs/configuration.md; empty keeps the default of the app.')
param keyVaultApiKeySecretName string = ''

@description('KeyVault__ApiSecretSecretName: see docs/configuration.md; empty keeps the default of the app.')
param keyVaultApiSecretSecretName string = ''

@description('KeyVault__CacheSeconds: see docs/configuration.md; empty keeps the default of the app.')
param keyVaultCacheSeconds string = ''

@description('Binance__RequestTimeoutSeconds: see docs/configuration.md; empty keeps the default of the app.')
param binanceRequestTimeoutSeconds string = ''

@description('Binance__RecvWindowMs: see docs/configuration.md; empty keeps the default of the app.')
param binanceRecvWindowMs string = ''

@description('Binance__MaxConcurrentRequests: see docs/configuration.md; empty keeps the default of the app.')
param binanceMaxConcurrentRequests string = ''

@description('Health__CacheSeconds: see docs/configuration.md; empty keeps the default of the app.')
param healthCacheSeconds string = ''

@description('Email that receives the alerts of the action group; empty for none.')
param alertEmail string = ''

@description('Alerts__MaxPerMinute: see docs/configuration.md; empty keeps the default of the app.')
param alertsMaxPerMinute string = ''

@description('Alerts__SendTimeoutSeconds: see docs/configuration.md; empty keeps the default of the app.')
param alertsSendTimeoutSeconds string = ''

@description('Binance__BaseUrl: see docs/configuration.md; empty keeps the default of the app.')
param binanceBaseUrl string = ''

@description('Binance__ExchangeInfoGraceMinutes: see docs/configuration.md; empty keeps the default of the app.')
param binanceExchangeInfoGraceMinutes string = ''

@description('Binance__ExchangeInfoTtlMinutes: see docs/configuration.md; empty keeps the default of the app.')
param binanceExchangeInfoTtlMinutes string = ''

@description('Binance__WeightBudgetPerMinute: see docs/configuration.md; empty keeps the default of the app.')
param binanceWeightBudgetPerMinute string = ''

@description('Binance__MaxGetRetries: see docs/configuration.md; empty keeps the default of the app.')
param binanceMaxGetRetries string = ''

@description('Health__CheckTimeoutSeconds: see docs/configuration.md; empty keeps the default of the app.')
param healthCheckTimeoutSeconds string = ''

@description('Lock__LeaseSeconds: see docs/configuration.md; empty keeps the default of the app.')
param lockLeaseSeconds string = ''

@description('Lock__RenewSeconds: see docs/configuration.md; empty keeps the default of the app.')
param lockRenewSeconds string = ''

@description('Reconcile__MinIntervalSeconds: see docs/configuration.md; empty keeps the default of the app.')
param reconcileMinIntervalSeconds string = ''

@description('Reconcile__LeaseWaitSeconds: see docs/configuration.md; empty keeps the default of the app.')
param reconcileLeaseWaitSeconds string = ''

@description('Risk__FeeRatePercent: see docs/configuration.md; empty keeps the default of the app.')
param riskFeeRatePercent string = ''

@description('USE_STATIC_OUTBOUND_IP: route the app\'s outbound traffic through a VNet and a NAT gateway with one static public IP, so the Binance key can be restricted to that IP (docs/deploy.md). Costs a NAT gateway and an IP by the hour.')
param useStaticOutboundIp bool = false

@maxLength(8)
@description('Appended to the Key Vault name: after azd down, a vault held 90 days by purge protection blocks its name; a new suffix gives a new vault (or set keyVaultRecover to get the old one back).')
param keyVaultNameSuffix string = ''

@description('Recover the soft-deleted Key Vault of this name (after azd down) with its secrets instead of creating it.')
param keyVaultRecover bool = false

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var botSettings = {
  Bot__Mode: botMode
  Bot__Symbols: botSymbols
  Bot__ConfirmLive: botConfirmLive
  Bot__QuoteAsset: botQuoteAsset
  Bot__Account: botAccount
  TradeCycle__Schedule: tradeCycleSchedule
  Reconcile__Schedule: reconcileSchedule
  Reconcile__ToleranceQuote: reconcileToleranceQuote
  Reconcile__LookbackHours: reconcileLookbackHours
  Risk__MaxTradeQuote: riskMaxTradeQuote
  Risk__MaxLossPerTradeQuote: riskMaxLossPerTradeQuote
  Risk__DailyLossLimitQuote: riskDailyLossLimitQuote
  Risk__MaxOpenPositions: riskMaxOpenPositions
  Risk__CooldownMinutes: riskCooldownMinutes
  Risk__MinFreeQuote: riskMinFreeQuote
  Risk__BreakerFailures: riskBreakerFailures
  Risk__BreakerOpenSeconds: riskBreakerOpenSeconds
  Risk__RecoveryGraceSeconds: riskRecoveryGraceSeconds
  Strategy__Name: strategyName
  Strategy__Interval: strategyInterval
  Strategy__MaCrossover__FastPeriod: strategyFastPeriod
  Strategy__MaCrossover__SlowPeriod: strategySlowPeriod
  Strategy__MaCrossover__Average: strategyMaAverage
  Strategy__RsiReversion__Period: strategyRsiPeriod
  Strategy__RsiReversion__Oversold: strategyRsiOversold
  Strategy__RsiReversion__Overbought: strategyRsiOverbought
  Strategy__DonchianBreakout__EntryPeriod: strategyDonchianEntryPeriod
  Strategy__DonchianBreakout__ExitPeriod: strategyDonchianExitPeriod
  Strategy__DonchianBreakout__AtrPeriod: strategyDonchianAtrPeriod
  Strategy__DonchianBreakout__StopAtr: strategyDonchianStopAtr
  Strategy__DonchianBreakout__TakeProfitAtr: strategyDonchianTakeProfitAtr
  Strategy__TradeQuote: strategyTradeQuote
  Strategy__StopLossPercent: strategyStopLossPercent
  Strategy__TakeProfitPercent: strategyTakeProfitPercent
  Strategy__Protection: strategyProtection
  Strategy__StopLimitOffsetPercent: strategyStopLimitOffsetPercent
  Strategy__EntryOrderType: strategyEntryOrderType
  Strategy__MaxSlippagePercent: strategyMaxSlippagePercent
  Strategy__EntryProtection: strategyEntryProtection
  Binance__KeyType: binanceKeyType
  Alerts__FailedCyclesInARow: alertsFailedCyclesInARow
  Alerts__BackOffMinutes: alertsBackOffMinutes
  Alerts__UnprotectedCycles: alertsUnprotectedCycles
  Alerts__Telegram__ChatId: alertsTelegramChatId
  Alerts__Telegram__BotTokenSecretName: alertsTelegramBotTokenSecretName
  Health__StaleAfterCycles: healthStaleAfterCycles
  Health__UnhealthyAfterCycles: healthUnhealthyAfterCycles
  Health__CacheSeconds: healthCacheSeconds
  KeyVault__ApiKeySecretName: keyVaultApiKeySecretName
  KeyVault__ApiSecretSecretName: keyVaultApiSecretSecretName
  KeyVault__CacheSeconds: keyVaultCacheSeconds
  Binance__RequestTimeoutSeconds: binanceRequestTimeoutSeconds
  Binance__RecvWindowMs: binanceRecvWindowMs
  Binance__MaxConcurrentRequests: binanceMaxConcurrentRequests
  Alerts__MaxPerMinute: alertsMaxPerMinute
  Alerts__SendTimeoutSeconds: alertsSendTimeoutSeconds
  Binance__BaseUrl: binanceBaseUrl
  Binance__ExchangeInfoGraceMinutes: binanceExchangeInfoGraceMinutes
  Binance__ExchangeInfoTtlMinutes: binanceExchangeInfoTtlMinutes
  Binance__MaxGetRetries: binanceMaxGetRetries
  Binance__WeightBudgetPerMinute: binanceWeightBudgetPerMinute
  Health__CheckTimeoutSeconds: healthCheckTimeoutSeconds
  Lock__LeaseSeconds: lockLeaseSeconds
  Lock__RenewSeconds: lockRenewSeconds
  Reconcile__LeaseWaitSeconds: reconcileLeaseWaitSeconds
  Reconcile__MinIntervalSeconds: reconcileMinIntervalSeconds
  Risk__FeeRatePercent: riskFeeRatePercent
}

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
    name: 'kv-${take(resourceToken, 13)}${keyVaultNameSuffix}'
    recover: keyVaultRecover
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    alertsWebhookUrl: alertsWebhookUrl
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
    // The webhook URL is a secret: the app reads it through a Key Vault reference, never as a plain setting.
    botSettings: union(botSettings, { Alerts__WebhookUrl: empty(alertsWebhookUrl) ? '' : '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=alerts-webhook-url)' })
    subnetId: useStaticOutboundIp ? network!.outputs.subnetId : ''
  }
}

module network 'app/network.bicep' = if (useStaticOutboundIp) {
  name: 'network'
  scope: rg
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
  }
}

module observability 'app/observability.bicep' = {
  name: 'observability'
  scope: rg
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appUrl: functions.outputs.url
    alertEmail: alertEmail
    alertWebhookUrl: alertsWebhookUrl
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
@description('Put this address in the Binance API key\'s IP allow-list (USE_STATIC_OUTBOUND_IP=true); empty otherwise.')
output AZURE_OUTBOUND_IP string = useStaticOutboundIp ? network!.outputs.outboundIp : ''
