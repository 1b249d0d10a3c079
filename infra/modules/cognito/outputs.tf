output "user_pool_id" {
  description = "Cognito user pool ID."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "Cognito user pool ARN."
  value       = aws_cognito_user_pool.this.arn
}

output "issuer_url" {
  description = "OIDC issuer."
  value       = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/${aws_cognito_user_pool.this.id}"
}

output "metadata_url" {
  description = "OIDC discovery document (AUTH_OIDC_METADATA_URL)."
  value       = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/${aws_cognito_user_pool.this.id}/.well-known/openid-configuration"
}

output "hosted_ui_url" {
  description = "Hosted UI base URL."
  value       = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.name}.amazoncognito.com"
}

output "client_id" {
  description = "App client ID (AUTH_OIDC_CLIENT_ID)."
  value       = aws_cognito_user_pool_client.runway.id
}

output "client_secret" {
  description = "App client secret (AUTH_OIDC_CLIENT_SECRET)."
  value       = aws_cognito_user_pool_client.runway.client_secret
  sensitive   = true
}
