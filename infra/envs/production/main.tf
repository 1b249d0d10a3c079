locals {
  name = "runway-${var.environment}"

  tags = merge(var.tags, {
    "app.kubernetes.io/part-of" = "runway"
    environment                 = var.environment
    managed-by                  = "terraform"
  })
}

module "network" {
  source = "../../modules/network"

  name         = local.name
  cidr         = var.vpc_cidr
  azs          = var.azs
  cluster_name = local.name
}

module "eks" {
  source = "../../modules/eks"

  cluster_name                 = local.name
  cluster_version              = var.cluster_version
  vpc_id                       = module.network.vpc_id
  private_subnet_ids           = module.network.private_subnet_ids
  endpoint_public_access       = length(var.cluster_endpoint_public_access_cidrs) > 0
  endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs
  admin_principal_arns         = var.cluster_admin_principal_arns
}

module "database" {
  source = "../../modules/database"

  identifier                = local.name
  vpc_id                    = module.network.vpc_id
  db_subnet_group_name      = module.network.database_subnet_group_name
  allowed_security_group_id = module.eks.node_security_group_id
  instance_class            = var.db_instance_class
}

module "cognito" {
  source = "../../modules/cognito"

  name               = local.name
  domain_prefix      = var.cognito_domain_prefix
  hostnames          = [var.hostname]
  identity_providers = var.cognito_identity_providers
}

module "iam" {
  source = "../../modules/iam"

  name                      = local.name
  oidc_provider_arn         = module.eks.oidc_provider_arn
  oidc_provider             = module.eks.oidc_provider
  namespace                 = var.namespace
  service_account           = "runway"
  cluster_name              = module.eks.cluster_name
  db_master_user_secret_arn = module.database.master_user_secret_arn
}

resource "aws_ecr_repository" "runway" {
  name                 = "runway"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "runway" {
  repository = aws_ecr_repository.runway.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 50 images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 50
      }
      action = {
        type = "expire"
      }
    }]
  })
}
