@description('Optional (USE_STATIC_OUTBOUND_IP): a VNet whose subnet the Flex app integrates with, behind a NAT gateway with one static public IP. All outbound calls (Binance, Telegram, webhooks) then leave from that IP, so the Binance key can be restricted to it.')
param resourceToken string
param location string
param tags object

resource ip 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: 'pip-nat-${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource nat 'Microsoft.Network/natGateways@2024-05-01' = {
  name: 'nat-${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: ip.id
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${resourceToken}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.40.0.0/16'
      ]
    }
    subnets: [
      {
        // Flex Consumption integrates with a subnet delegated to Microsoft.App/environments.
        name: 'functions'
        properties: {
          addressPrefix: '10.40.0.0/24'
          delegations: [
            {
              name: 'flex'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          natGateway: {
            id: nat.id
          }
        }
      }
    ]
  }
}

output subnetId string = vnet.properties.subnets[0].id
@description('The one address Binance sees: put it in the API key\'s IP allow-list.')
output outboundIp string = ip.properties.ipAddress
