# The JSON object k8s/base/externalsecret.yaml extracts into the runway-backend
# Secret. Database credentials are not copied here: the ExternalSecret reads
# them from the secret RDS manages, so rotations flow through.

resource "random_password" "backend_secret" {
  count = var.manage_backend_secret ? 1 : 0

  length  = 48
  special = false
}

resource "random_password" "session_secret" {
  count = var.manage_backend_secret ? 1 : 0

  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "backend" {
  count = var.manage_backend_secret ? 1 : 0

  name                    = var.backend_secret_name
  description             = "Runway backend settings for External Secrets (k8s/base/externalsecret.yaml)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "backend" {
  count = var.manage_backend_secret ? 1 : 0

  secret_id = aws_secretsmanager_secret.backend[0].id
  secret_string = jsonencode(merge({
    POSTGRES_HOST           = module.database.address
    POSTGRES_PORT           = tostring(module.database.port)
    AUTH_OIDC_CLIENT_ID     = module.cognito.client_id
    AUTH_OIDC_CLIENT_SECRET = module.cognito.client_secret
    AUTH_OIDC_METADATA_URL  = module.cognito.metadata_url
    AUTH_SESSION_SECRET     = random_password.session_secret[0].result
    BACKEND_SECRET          = random_password.backend_secret[0].result
    },
    # Publishing tokens are optional (the Deployment marks them optional).
    var.github_token == "" ? {} : { GITHUB_TOKEN = var.github_token },
    var.gitlab_token == "" ? {} : { GITLAB_TOKEN = var.gitlab_token },
  ))
}
