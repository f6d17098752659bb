import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { RegisteredCaseDto } from '../cases/dto/case.dto.js';
import { RegisterCaseDto } from './dto/register-case.dto.js';
import { IntakeService } from './intake.service.js';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses(409)
@Controller('cases')
export class IntakeCasesController {
  constructor(private readonly intake: IntakeService) {}

  @Post()
  @ApiOperation({
    summary: '登记申请（承办人）：当面、传真、信函；按渠道证据推定收到申请之日',
    description:
      '挂号信以签收日、平信以与申请人确认之日、传真以双方确认之日、当面以提交之日为收到申请之日（条例第三十一条）。与推定日期不同的 receiptDate 须附 receiptDateReason 并在案件上标明。',
  })
  @ApiResponse({ status: 201, type: RegisteredCaseDto })
  @RequirePermissions(Permission.CASE_REGISTER)
  register(@CurrentUser() user: AuthUser, @Body() dto: RegisterCaseDto): Promise<RegisteredCaseDto> {
    return this.intake.registerByOfficer(user, dto);
  }
}
