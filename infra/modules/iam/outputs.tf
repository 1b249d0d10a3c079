output "runway_role_arn" {
  description = "IRSA role for the Runway ServiceAccount (eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.runway.arn
}

output "external_secrets_role_arn" {
  description = "IRSA role for External Secrets Operator, or null."
  value       = one(aws_iam_role.external_secrets[*].arn)
}

output "techdocs_bucket_name" {
  description = "TechDocs bucket (TECHDOCS_S3_BUCKET_NAME)."
  value       = aws_s3_bucket.techdocs.bucket
}

output "techdocs_bucket_arn" {
  description = "TechDocs bucket ARN."
  value       = aws_s3_bucket.techdocs.arn
}
