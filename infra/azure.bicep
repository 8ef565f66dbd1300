// Escalate on Azure, following the Microsoft 365 Agents Toolkit TypeScript bot template (infra/azure.bicep):
// a user-assigned managed identity is the bot's identity and signs in to Cosmos DB (no password, no key, so no
// Key Vault); App Service on Linux runs Node 22 LTS; Cosmos DB for NoSQL holds the cases; Application Insights
// (on a Log Analytics workspace) receives telemetry and the app's logs. Written for Bicep v0.9.1, the version
// m365agents.yml pins, like the template: no newer syntax.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file (lower-case letters and digits: the Cosmos DB account name must be)')
param resourceBaseName string

@description('App Service plan: B1 is the smallest with Always On, which the deadline sweep needs')
param webAppSku string = 'B1'

@maxLength(42)
param botDisplayName string

@description('The partnership this deployment serves (PARTNERSHIP_ID): the id in the directory you import')
param partnershipId string

@description('Cosmos DB capacity: serverless (pay per request, the default) or provisioned (400 RU/s shared by the database). Fixed when the account is created.')
@allowed([
  'serverless'
  'provisioned'
])
param cosmosCapacity string = 'serverless'

@description('Object id of an administrator (user or group) who imports the directory with az login: gets the same Cosmos DB data-plane role as the app. Empty: nobody (README: or assign it with az cosmosdb sql role assignment create).')
param cosmosAdminPrincipalId string = ''

param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName
param identityName string = resourceBaseName
param cosmosAccountName string = resourceBaseName
param location string = resourceGroup().location

var databaseName = 'escalate'
// Cosmos DB Built-in Data Contributor: read and write items, read metadata; it cannot create databases or containers
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  location: location
  name: identityName
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  location: location
  name: resourceBaseName
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  location: location
  name: resourceBaseName
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  location: location
  name: cosmosAccountName
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: cosmosCapacity == 'serverless' ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    // keys off: only Microsoft Entra identities holding a data-plane role get in
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: cosmosCapacity == 'provisioned' ? {
      throughput: 400
    } : {}
  }
}

// The containers src/store/cosmos.ts expects (CONTAINERS): the app checks them at start and cannot create them
resource casesContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'cases'
  properties: {
    resource: {
      id: 'cases'
      partitionKey: {
        paths: [
          '/caseId'
        ]
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        includedPaths: [
          {
            path: '/nextDueAt/?'
          }
          {
            path: '/partnershipId/?'
          }
          {
            path: '/reference/?'
          }
          {
            path: '/referenceKey/?'
          }
          {
            path: '/openedAt/?'
          }
          {
            path: '/status/?'
          }
          {
            path: '/hasPendingOutbox/?'
          }
          {
            path: '/participants/[]/?'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
      }
    }
  }
}

resource directoryContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'directory'
  properties: {
    resource: {
      id: 'directory'
      partitionKey: {
        paths: [
          '/partnershipId'
        ]
        kind: 'Hash'
      }
    }
  }
}

resource conversationsContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'conversations'
  properties: {
    resource: {
      id: 'conversations'
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
      }
    }
  }
}

resource settingsContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'settings'
  properties: {
    resource: {
      id: 'settings'
      partitionKey: {
        paths: [
          '/partnershipId'
        ]
        kind: 'Hash'
      }
    }
  }
}

// The app's identity may read and write items (data plane) and nothing else
resource appDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource adminDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = if (!empty(cosmosAdminPrincipalId)) {
  parent: cosmos
  name: guid(cosmos.id, cosmosAdminPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: cosmosAdminPrincipalId
    scope: cosmos.id
  }
}

// Compute resources for the bot: App Service on Linux
resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

// Web App that hosts the bot: every setting below is one src/config.ts reads (test/deploy checks it), except
// the two App Service reads itself
resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // the production entry point (npm start is the local demo)
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1' // Run Azure App Service from the deployed package (built and pruned by m365agents.yml)
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false' // the package already holds dist/ and the production node_modules
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'HOST'
          value: '0.0.0.0' // App Service forwards to the container's PORT, which it sets itself
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          name: 'COSMOS_ENDPOINT'
          value: cosmos.properties.documentEndpoint
        }
        {
          name: 'COSMOS_DATABASE'
          value: databaseName
        }
        {
          name: 'PARTNERSHIP_ID'
          value: partnershipId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
      ]
    }
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
}

// The app's JSON logs (ids and codes only) and HTTP logs into the same workspace
resource webAppLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: webApp
  name: 'logs-to-workspace'
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

// Register your web service as a bot with the Bot Framework
module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    botDisplayName: botDisplayName
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
  }
}

// The output will be persisted in .env.{envName}. Visit https://aka.ms/teamsfx-actions/arm-deploy for more details.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id // used in deploy stage
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
