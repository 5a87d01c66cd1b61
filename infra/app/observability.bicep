@description('What watches the bot: an action group, a standard availability test on /api/health, alert rules on it and on the bot metrics, and the FunctionsBot workbook.')
param resourceToken string
param location string
param tags object
param applicationInsightsName string
@description('https://<app>.azurewebsites.net')
param appUrl string
@description('Email for alerts; empty for none.')
param alertEmail string
@secure()
@description('Webhook the action group posts to (common alert schema); empty for none.')
param alertWebhookUrl string

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'functionsbot'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
    webhookReceivers: empty(alertWebhookUrl) ? [] : [
      {
        name: 'bot-webhook'
        serviceUri: alertWebhookUrl
        useCommonAlertSchema: true
      }
    ]
  }
}

// 200 while healthy or degraded, 503 when unhealthy; anonymous, answered from the bot's health cache.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'health-${resourceToken}'
  location: location
  tags: union(tags, { 'hidden-link:${insights.id}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'health-${resourceToken}'
    Name: 'FunctionsBot GET /api/health'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [
      { Id: 'us-va-ash-azr' }
      { Id: 'us-ca-sjc-azr' }
      { Id: 'emea-nl-ams-azr' }
      { Id: 'emea-gb-db3-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: {
      RequestUrl: '${appUrl}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource availabilityAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-availability-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'GET /api/health failed (not 200: unhealthy, down or unreachable) from at least 2 of 5 locations.'
    severity: 1
    enabled: true
    scopes: [
      healthTest.id
      insights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: insights.id
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// Telemetry reaches Log Analytics minutes late: every rule looks back at least 10 minutes and skips the last 5, so a
// late batch neither fires a rule (no cycle seen) nor resolves one early.
var ingestionDelayMinutes = 5
var settled = 'where timestamp < ago(${ingestionDelayMinutes}m)'

// Each query returns a row while its condition holds; the rule fires on any row.
var logRules = [
  {
    // The expected gap comes from TradeCycle__Schedule itself: every cycle reports functionsbot.cycle.interval_seconds.
    name: 'no-cycle'
    severity: 1
    window: 'P1D'
    description: 'No trade cycle completed in 3 schedule intervals (at least 10 minutes; the interval is the one the app reads from TradeCycle__Schedule): the timer is not running or every cycle fails.'
    query: 'let settledAt = ago(${ingestionDelayMinutes}m); let interval = toscalar(customMetrics | where name == "functionsbot.cycle.interval_seconds" | summarize max(value)); let last = toscalar(customMetrics | where timestamp < settledAt | where name == "functionsbot.cycles" and tostring(customDimensions.outcome) == "Completed" and valueSum > 0 | summarize max(timestamp)); print stale = isnull(last) or last < settledAt - 1s * max_of(3.0 * coalesce(interval, 60.0), 600.0) | where stale'
  }
  {
    name: 'cycle-failures'
    severity: 2
    window: 'PT15M'
    description: 'Trade cycles failed in the 10 settled minutes (see the CycleFailed audit records).'
    query: 'customMetrics | ${settled} | where name == "functionsbot.cycles" and tostring(customDimensions.outcome) == "Failed" | summarize failed = sum(valueSum) | where failed > 0'
  }
  {
    name: 'kill-switch'
    severity: 1
    window: 'PT15M'
    description: 'The kill switch is latched: no entries (1) or flattening (2). Re-arm with POST /api/killswitch or functionsbot killswitch off.'
    query: 'customMetrics | ${settled} | where name == "functionsbot.killswitch.state" | summarize arg_max(timestamp, value) | where value > 0'
  }
  {
    name: 'breaker-open'
    severity: 1
    window: 'PT15M'
    description: 'The circuit breaker is open after consecutive exchange failures: entries are blocked until it closes.'
    query: 'customMetrics | ${settled} | where name == "functionsbot.breaker.state" | summarize arg_max(timestamp, value) | where value >= 2'
  }
  {
    name: 'reconcile-mismatch'
    severity: 1
    window: 'P1D'
    description: 'The last reconciliation found differences above Reconcile__ToleranceQuote: the books do not equal the account. See GET /api/reconcile.'
    query: 'customMetrics | ${settled} | where name == "functionsbot.reconcile.differences" | summarize arg_max(timestamp, value) | where value > 0'
  }
  {
    name: 'alert-send-failures'
    severity: 1
    window: 'PT15M'
    description: 'The bot could not deliver its own alerts (webhook or Telegram): it cannot page anyone until the channel works. See the alerts health check.'
    query: 'customMetrics | ${settled} | where name == "functionsbot.alerts.send_failures" | summarize failed = sum(valueSum) | where failed > 0'
  }
  {
    name: 'host-exceptions'
    severity: 2
    window: 'PT15M'
    description: 'The Functions host or the bot logged exceptions in the 10 settled minutes.'
    query: 'exceptions | ${settled} | summarize count = count() | where count > 0'
  }
  {
    name: 'failed-requests'
    severity: 2
    window: 'PT15M'
    description: 'HTTP requests or function invocations failed (5xx or an unsuccessful run) in the 10 settled minutes.'
    query: 'requests | ${settled} | where success == false and (toint(resultCode) >= 500 or isempty(resultCode) or resultCode == "0") | summarize failed = count() | where failed > 0'
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = [for rule in logRules: {
  name: 'alert-${rule.name}-${resourceToken}'
  location: location
  tags: tags
  properties: {
    displayName: 'FunctionsBot ${rule.name}'
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [
      insights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: rule.window
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}]

var workbookQueries = [
  {
    title: 'Realized PnL per UTC day (quote)'
    visualization: 'barchart'
    query: 'customMetrics | where name == "functionsbot.pnl.daily_realized" | summarize arg_max(timestamp, value) by day = startofday(timestamp) | project day, pnl = value | order by day asc'
  }
  {
    title: 'Open positions and pending intents'
    visualization: 'timechart'
    query: 'customMetrics | where name in ("functionsbot.positions.open", "functionsbot.intents.pending", "functionsbot.positions.unprotected") | summarize value = max(value) by name, bin(timestamp, 5m)'
  }
  {
    title: 'Refusals by code'
    visualization: 'piechart'
    query: 'customMetrics | where name == "functionsbot.audit.records" and tostring(customDimensions.kind) == "RiskRefused" | summarize refusals = sum(valueSum) by code = tostring(customDimensions.code)'
  }
  {
    title: 'Cycle outcomes per hour'
    visualization: 'timechart'
    query: 'customMetrics | where name == "functionsbot.cycles" | summarize cycles = sum(valueSum) by outcome = tostring(customDimensions.outcome), bin(timestamp, 1h)'
  }
  {
    title: 'Cycle duration (s): mean and max per 15 minutes'
    visualization: 'timechart'
    query: 'customMetrics | where name == "functionsbot.cycle.duration" | summarize mean = sum(valueSum) / sum(valueCount), max = max(valueMax) by bin(timestamp, 15m)'
  }
  {
    title: 'Exchange request weight used per minute'
    visualization: 'timechart'
    query: 'customMetrics | where name == "functionsbot.exchange.weight_used" | summarize weight = max(value) by bin(timestamp, 5m)'
  }
]

var workbookContent = {
  version: 'Notebook/1.0'
  items: concat([
    {
      type: 1
      name: 'intro'
      content: {
        json: '## FunctionsBot\nFrom the bot metrics (meter FunctionsBot) in this Application Insights. Health checks: /api/health; runbook: docs/monitoring.md.'
      }
    }
  ], map(workbookQueries, q => {
    type: 3
    name: q.title
    content: {
      version: 'KqlItem/1.0'
      query: q.query
      size: 0
      title: q.title
      timeContext: {
        durationMs: 604800000
      }
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: q.visualization
    }
  }))
  isLocked: false
  fallbackResourceIds: [
    insights.id
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'functionsbot-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'FunctionsBot'
    category: 'workbook'
    sourceId: insights.id
    serializedData: string(workbookContent)
  }
}

output actionGroupId string = actionGroup.id
output workbookName string = workbook.name
