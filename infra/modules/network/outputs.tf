output "vpc_id" {
  description = "VPC ID."
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "VPC CIDR block (NetworkPolicy ipBlock in k8s/overlays/*)."
  value       = module.vpc.vpc_cidr_block
}

output "azs" {
  description = "Availability zones used."
  value       = local.azs
}

output "private_subnet_ids" {
  description = "Private subnet IDs (EKS nodes, pods, internal ALBs)."
  value       = module.vpc.private_subnets
}

output "public_subnet_ids" {
  description = "Public subnet IDs (NAT gateways, internet-facing ALBs)."
  value       = module.vpc.public_subnets
}

output "database_subnet_ids" {
  description = "Database subnet IDs."
  value       = module.vpc.database_subnets
}

output "database_subnet_group_name" {
  description = "RDS subnet group spanning the database subnets."
  value       = module.vpc.database_subnet_group_name
}
