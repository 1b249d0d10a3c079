output "region" {
  description = "AWS region."
  value       = var.region
}

output "vpc_id" {
  description = "VPC ID."
  value       = module.network.vpc_id
}

output "vpc_cidr_block" {
  description = "VPC CIDR: NetworkPolicy ipBlock in k8s/overlays/production."
  value       = module.network.vpc_cidr_block
}

output "cluster_name" {
  description = "EKS cluster name: aws eks update-kubeconfig --name <this>."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API server endpoint."
  value       = module.eks.cluster_endpoint
}

output "load_balancer_controller_role_arn" {
  description = "IRSA role for the AWS Load Balancer Controller Helm release."
  value       = module.eks.load_balancer_controller_role_arn
}

output "external_secrets_role_arn" {
  description = "IRSA role for the External Secrets Operator Helm release."
  value       = module.iam.external_secrets_role_arn
}

output "runway_irsa_role_arn" {
  description = "eks.amazonaws.com/role-arn of the runway ServiceAccount."
  value       = module.iam.runway_role_arn
}

output "techdocs_bucket_name" {
  description = "TECHDOCS_S3_BUCKET_NAME."
  value       = module.iam.techdocs_bucket_name
}

output "ecr_repository_url" {
  description = "Image repository for k8s/overlays/*/kustomization.yaml `images`."
  value       = aws_ecr_repository.runway.repository_url
}

output "db_address" {
  description = "POSTGRES_HOST."
  value       = module.database.address
}

output "db_port" {
  description = "POSTGRES_PORT."
  value       = module.database.port
}

output "db_master_user_secret_arn" {
  description = "RDS-managed secret with POSTGRES_USER/POSTGRES_PASSWORD (ExternalSecret remoteRef key)."
  value       = module.database.master_user_secret_arn
}

output "cognito_user_pool_id" {
  description = "Cognito user pool ID."
  value       = module.cognito.user_pool_id
}

output "cognito_client_id" {
  description = "AUTH_OIDC_CLIENT_ID."
  value       = module.cognito.client_id
}

output "cognito_client_secret" {
  description = "AUTH_OIDC_CLIENT_SECRET."
  value       = module.cognito.client_secret
  sensitive   = true
}

output "oidc_metadata_url" {
  description = "AUTH_OIDC_METADATA_URL."
  value       = module.cognito.metadata_url
}

output "backend_secret_arn" {
  description = "ARN of runway/backend, when this configuration manages it."
  value       = one(aws_secretsmanager_secret.backend[*].arn)
}
